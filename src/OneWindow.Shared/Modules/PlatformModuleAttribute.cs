namespace OneWindow.Shared.Modules;

/// <summary>Marks an assembly as a platform module: <c>[assembly: PlatformModule(typeof(HallsModuleDefinition))]</c>.
/// The type must implement <see cref="IModule"/> and have a public parameterless constructor.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class PlatformModuleAttribute(Type moduleType) : Attribute
{
    public Type ModuleType { get; } = moduleType;
}
