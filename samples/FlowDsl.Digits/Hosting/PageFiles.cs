namespace FlowDsl.Digits.Hosting;

/// <summary>The page's three files, embedded in the assembly (no wwwroot to find, nothing from a CDN).</summary>
internal static class PageFiles
{
    private static readonly (string Route, string Resource, string ContentType)[] Files =
    [
        ("/", "Page/index.html", "text/html; charset=utf-8"),
        ("/app.js", "Page/app.js", "text/javascript; charset=utf-8"),
        ("/app.css", "Page/app.css", "text/css; charset=utf-8"),
    ];

    /// <summary>Maps GET for each file.</summary>
    public static void Map(WebApplication app)
    {
        foreach (var (route, resource, contentType) in Files)
        {
            var bytes = Read(resource);
            app.MapGet(route, () => Results.Bytes(bytes, contentType));
        }
    }

    private static byte[] Read(string resource)
    {
        using var stream = typeof(PageFiles).Assembly.GetManifestResourceStream(resource)
                           ?? throw new InvalidOperationException($"The page file {resource} is not embedded in the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
