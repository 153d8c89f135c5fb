namespace Tsunagari.Web;

/// <summary>
/// Finds <c>wwwroot/</c> and <c>content/</c>. In a checkout they sit at the repository root (next to
/// <c>Tsunagari.sln</c>); in a published app they are copied beside the binaries.
/// </summary>
public sealed record RepositoryLayout(string WebRoot, string ContentRoot)
{
    public static RepositoryLayout Locate()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Tsunagari.sln")))
                {
                    return new(Path.Combine(dir.FullName, "wwwroot"), Path.Combine(dir.FullName, "content"));
                }
            }
        }

        return new(Path.Combine(AppContext.BaseDirectory, "wwwroot"), Path.Combine(AppContext.BaseDirectory, "content"));
    }
}
