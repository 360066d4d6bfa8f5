namespace OneWindow.Shared.Startup;

/// <summary>Orders start-up tasks so every task runs after the tasks it names (a stable topological sort: among tasks
/// free to run, registration order decides). A cycle is a programming error and stops start-up.</summary>
public static class StartupOrder
{
    public static IReadOnlyList<IStartupTask> Sort(IEnumerable<IStartupTask> tasks)
    {
        var pending = tasks.ToList();
        var duplicate = pending.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate != null)
        {
            throw new InvalidOperationException($"Two start-up tasks are named '{duplicate.Key}'.");
        }

        var present = pending.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<IStartupTask>(pending.Count);
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(t => t.After.All(name => done.Contains(name) || !present.Contains(name)))
                ?? throw new InvalidOperationException("Start-up tasks wait for each other: " + string.Join(", ", pending.Select(t => $"{t.Name} after [{string.Join(", ", t.After)}]")));
            pending.Remove(next);
            done.Add(next.Name);
            ordered.Add(next);
        }

        return ordered;
    }
}
