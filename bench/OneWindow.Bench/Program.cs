using System.Globalization;
using OneWindow.Bench;

// Hand-rolled argument parsing: two commands with a handful of --name value options.
if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.WriteLine(BenchArgs.Usage);
    return args.Length == 0 ? 1 : 0;
}

var options = BenchArgs.Parse(args.Skip(1));
if (args[0] == "cases-setup")
{
    await new CasesSetup(options.GetValueOrDefault("base") ?? "http://127.0.0.1:5090", BenchArgs.Int(options, "item", 1), BenchArgs.Int(options, "citizens", 100),
        BenchArgs.Int(options, "cases", 2000), options.GetValueOrDefault("out") ?? "bench/cases/data").RunAsync();
    return 0;
}

var connection = options.GetValueOrDefault("connection") ?? throw new ArgumentException("--connection is required.\n" + BenchArgs.Usage);
switch (args[0])
{
    case "generate":
        await new CatalogGenerator(connection, BenchArgs.Int(options, "items", 100_000), BenchArgs.Int(options, "seed", 20240601)).RunAsync();
        return 0;
    case "search":
        await new SearchBenchmark(connection, BenchArgs.Int(options, "queries", 2000), BenchArgs.Int(options, "concurrency", 2), BenchArgs.Int(options, "warmup", 200)).RunAsync();
        return 0;
    default:
        Console.Error.WriteLine($"Unknown command '{args[0]}'.\n{BenchArgs.Usage}");
        return 1;
}

namespace OneWindow.Bench
{
    internal static class BenchArgs
    {
        public const string Usage = """
            OneWindow.Bench generate --connection "<conn>" [--items 100000] [--seed 20240601]
            OneWindow.Bench search   --connection "<conn>" [--queries 2000] [--concurrency 2] [--warmup 200]
            OneWindow.Bench cases-setup [--base http://127.0.0.1:5090] [--item 1] [--citizens 100] [--cases 2000] [--out bench/cases/data]
            A connection string with Host= is PostgreSQL, otherwise SQLite (Data Source=file.db).
            """;

        public static Dictionary<string, string> Parse(IEnumerable<string> args)
        {
            var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            string? name = null;
            foreach (var arg in args)
            {
                if (arg.StartsWith("--", StringComparison.Ordinal))
                {
                    name = arg[2..];
                    result[name] = "";
                }
                else if (name != null)
                {
                    result[name] = arg;
                    name = null;
                }
                else
                {
                    throw new ArgumentException($"Unexpected argument '{arg}'.\n{Usage}");
                }
            }

            return result;
        }

        public static int Int(Dictionary<string, string> options, string name, int fallback) =>
            options.TryGetValue(name, out var value) ? int.Parse(value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture) : fallback;
    }
}
