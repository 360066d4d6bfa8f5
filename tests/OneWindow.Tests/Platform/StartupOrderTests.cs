using OneWindow.Shared.Startup;

namespace OneWindow.Tests.Platform;

/// <summary>Start-up tasks run after the tasks they name, whatever order modules registered them in.</summary>
public sealed class StartupOrderTests
{
    private sealed record Task(string Name, params string[] Needs) : IStartupTask
    {
        public IReadOnlyCollection<string> After => Needs;

        public System.Threading.Tasks.Task RunAsync(CancellationToken cancellationToken) => System.Threading.Tasks.Task.CompletedTask;
    }

    [Fact]
    public void A_task_runs_after_the_tasks_it_names()
    {
        var order = StartupOrder.Sort([new Task("licences.demo", "licences.reference", "identity.demo-citizens"), new Task("identity.demo-citizens", "catalog.seed"),
            new Task("licences.reference", "catalog.seed"), new Task("catalog.seed")]).Select(t => t.Name).ToList();

        Assert.Equal(["catalog.seed", "identity.demo-citizens", "licences.reference", "licences.demo"], order);
    }

    [Fact]
    public void Tasks_free_to_run_keep_their_registration_order()
    {
        var order = StartupOrder.Sort([new Task("b"), new Task("a"), new Task("c", "a")]).Select(t => t.Name).ToList();

        Assert.Equal(["b", "a", "c"], order);
    }

    [Fact]
    public void A_name_no_task_carries_is_ignored()
    {
        // The demo citizens are not seeded (demo data off): the licence demo still runs after the reference data.
        var order = StartupOrder.Sort([new Task("licences.demo", "licences.reference", "identity.demo-citizens"), new Task("licences.reference")]).Select(t => t.Name).ToList();

        Assert.Equal(["licences.reference", "licences.demo"], order);
    }

    [Fact]
    public void A_cycle_or_a_duplicate_name_stops_start_up()
    {
        var cycle = Assert.Throws<InvalidOperationException>(() => StartupOrder.Sort([new Task("a", "b"), new Task("b", "a")]));
        Assert.Contains("a after [b]", cycle.Message);
        Assert.Throws<InvalidOperationException>(() => StartupOrder.Sort([new Task("a"), new Task("a")]));
    }
}
