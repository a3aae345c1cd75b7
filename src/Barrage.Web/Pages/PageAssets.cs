using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Barrage.Web.Pages;

/// <summary>
/// The dashboard's page, script and style, and uPlot (from the npm install Barrage.Reporting's build makes): resources
/// of this assembly, served with a policy that allows nothing but this origin, so the pages never reach the internet.
/// </summary>
internal static class PageAssets
{
    private const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    private static readonly (string Path, string Resource, string Type)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/assets/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"),
        ("/assets/dashboard.css", "dashboard.css", "text/css; charset=utf-8"),
        ("/assets/uPlot.js", "uPlot.js", "text/javascript; charset=utf-8"),
        ("/assets/uPlot.css", "uPlot.css", "text/css; charset=utf-8"),
    ];

    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var (path, resource, type) in Files)
        {
            var bytes = Read(resource);
            app.MapGet(path, (HttpContext http) =>
            {
                http.Response.Headers.ContentSecurityPolicy = Policy;
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.Headers["Referrer-Policy"] = "no-referrer";
                return Results.Bytes(bytes, type);
            });
        }
    }

    private static byte[] Read(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Barrage.Web." + name)
            ?? throw new InvalidOperationException($"the dashboard asset {name} is missing from the build (did `npm ci` run in src/Barrage.Reporting/web?)");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
