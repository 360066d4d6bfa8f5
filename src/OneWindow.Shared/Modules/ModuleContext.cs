using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OneWindow.Shared.Data;
using OneWindow.Shared.Security;

namespace OneWindow.Shared.Modules;

/// <summary>What a module is given to register itself: the host's services, configuration and environment, the
/// database every module shares, the one key policy for keys at rest, and whether the demo city is seeded
/// (<c>Catalog:Seed:DemoData</c>).</summary>
public sealed record ModuleContext(IServiceCollection Services, IConfiguration Configuration, IHostEnvironment Environment, DatabaseSettings Database)
{
    /// <summary>Every module's keys at rest come through this one policy (see <see cref="AtRestKeys"/>).</summary>
    public AtRestKeys Keys { get; } = AtRestKeys.For(Configuration, Environment, Database);

    public bool DemoData => Configuration.GetValue("Catalog:Seed:DemoData", true);

    public bool IsProduction => Environment.IsProduction();

    public bool IsDevelopment => Environment.IsDevelopment();
}
