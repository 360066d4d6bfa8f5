namespace OneWindow.BrowserTests.Infrastructure;

/// <summary>The public pages the layout checks visit, by short name.</summary>
public static class PortalPages
{
    public static string Path(BrowserFixture fixture, string name) => name switch
    {
        "home" => "/",
        "search" => "/search?q=" + Uri.EscapeDataString("护照"),
        "guide" => $"/items/{fixture.PassportItemId}",
        "department" => "/departments/ds",
        "signin" => "/staff/signin",
        "register" => "/register",
        "citizen-signin" => "/signin",
        "password-reset" => "/signin/reset",
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown page"),
    };
}
