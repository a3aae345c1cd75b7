namespace Barrage.Plans;

/// <summary>One part of a <c>multipart/form-data</c> body: a field (<see cref="Value"/>) or a file upload (<see cref="File"/>).</summary>
/// <param name="Name">The form field's name.</param>
/// <param name="Value">The field's text (macros allowed); null for a file part.</param>
/// <param name="File">The file to upload, as a full path; null for a text part.</param>
/// <param name="ContentType">The part's content type; defaults to <c>application/octet-stream</c> for files, none for text.</param>
public sealed record MultipartPart(string Name, string? Value = null, string? File = null, string? ContentType = null);
