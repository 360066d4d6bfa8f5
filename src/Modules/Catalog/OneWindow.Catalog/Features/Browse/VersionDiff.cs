using OneWindow.Catalog.Domain;
using OneWindow.Shared.Versions;

namespace OneWindow.Catalog.Features.Browse;

/// <summary>Element-by-element difference between two versions of a guide, for reviewers and the history page
/// (the shared <see cref="FieldDiff"/> over the guide's JSON form).</summary>
public static class VersionDiff
{
    public static IReadOnlyList<FieldChange> Compare(ItemGuide before, ItemGuide after) => FieldDiff.Compare(before, after, ItemGuide.JsonOptions);
}
