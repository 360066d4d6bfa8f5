using OneWindow.Cases.Domain;

namespace OneWindow.Tests.Cases;

public sealed class FormDefinitionTests
{
    private static FormDefinition Form() => FormDefinition.FromJson("""
        {"sections":[
          {"key":"a","title":"申请人","fields":[
            {"key":"phone","label":"电话","type":"phone","required":true},
            {"key":"kind","label":"类型","type":"select","required":true,"options":[{"value":"new","label":"新办"},{"value":"change","label":"变更"}]},
            {"key":"count","label":"数量","type":"number","min":1,"max":9}]},
          {"key":"b","title":"变更事项","showWhen":{"field":"kind","equals":"change"},"fields":[
            {"key":"reason","label":"变更原因","type":"textarea","required":true}]}
        ]}
        """);

    [Fact]
    public void Conditional_section_is_required_only_when_shown()
    {
        var form = Form();
        Assert.Empty(form.CheckDefinition());
        var (clean, errors) = form.Validate(new Dictionary<string, string?> { ["phone"] = "13912345678", ["kind"] = "new", ["reason"] = "ignored" }, english: false);
        Assert.Empty(errors);
        Assert.False(clean.ContainsKey("reason"));

        (_, errors) = form.Validate(new Dictionary<string, string?> { ["phone"] = "13912345678", ["kind"] = "change" }, english: false);
        Assert.Equal(["reason"], errors.Keys);
    }

    [Fact]
    public void Typed_fields_reject_bad_values_with_a_message_per_field()
    {
        var (_, errors) = Form().Validate(new Dictionary<string, string?> { ["phone"] = "12345", ["kind"] = "other", ["count"] = "12" }, english: true);
        Assert.Equal(new[] { "count", "kind", "phone" }, errors.Keys.Order());
        Assert.Contains("not valid", errors["phone"][0]);
    }

    [Fact]
    public void Definition_errors_name_the_path()
    {
        var broken = FormDefinition.FromJson("""{"sections":[{"title":"x","fields":[{"key":"1bad","label":"","type":"blob"},{"key":"s","label":"S","type":"select"}],"showWhen":{"field":"nope","equals":"1"}}]}""");
        var errors = broken.CheckDefinition();
        Assert.Contains(errors, e => e.StartsWith("sections[0].fields[0].key", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("sections[0].fields[0].type", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("sections[0].fields[1].options", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("showWhen.field", StringComparison.Ordinal));
    }
}
