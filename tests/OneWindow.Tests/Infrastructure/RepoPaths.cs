namespace OneWindow.Tests.Infrastructure;

/// <summary>The checkout the tests run from, for tests that read sources or docs.</summary>
public static class RepoPaths
{
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !File.Exists(Path.Combine(dir.FullName, "OneWindow.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("OneWindow.slnx not found above the test output.");
    }
}
