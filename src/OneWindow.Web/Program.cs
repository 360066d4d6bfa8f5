using OneWindow.Web;

if (args.Length > 0 && args[0] == "schema-script")
{
    return SchemaScriptCommand.Run(args);
}

if (args.Length > 0 && args[0] == "create-staff")
{
    return await CreateStaffCommand.RunAsync(args);
}

var app = OneWindowHost.Build(args);
await app.RunAsync();
return 0;

/// <summary>Exposed so the integration tests can host the app with WebApplicationFactory.</summary>
public partial class Program;
