using System.Runtime.CompilerServices;

namespace Barrage.Tests.Shared;

/// <summary>
/// Linked into every test project that runs barrage commands (see their csproj).
/// Every run records itself in the run store: before any test, point BARRAGE_STORE at a temp file (inherited by
/// the barrage processes the tests start), so tests never touch the real store in the home directory.
/// </summary>
internal static class StoreIsolation
{
    public static string StorePath { get; } = Path.Combine(Path.GetTempPath(), "barrage-store-" + Guid.NewGuid().ToString("N")[..12], "runs.db");

#pragma warning disable CA2255 // A test assembly is the one place a module initializer belongs: it must run before any test.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Initialize()
    {
        Environment.SetEnvironmentVariable("BARRAGE_STORE", StorePath);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(StorePath)!, recursive: true);
            }
            catch (IOException)
            {
            }
        };
    }
}
