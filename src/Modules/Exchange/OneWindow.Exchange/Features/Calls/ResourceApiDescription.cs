using System.Text.Json;
using System.Text.Json.Nodes;
using OneWindow.Shared.Results;
using OneWindow.Shared.Security;
using OneWindow.Shared.Sharing;

namespace OneWindow.Exchange.Features.Calls;

/// <summary>
/// Each resource's own API description (like X-Road's getOpenAPI metaservice): an OpenAPI 3.1 document with the one
/// query operation of this resource, its rows typed by the catalogue's items (type, Chinese name, mask), so a
/// department IT team can generate a client for exactly what it may be granted.
/// </summary>
internal sealed class ResourceApiDescription(IDataResourceCatalog catalog)
{
    public async Task<Outcome<string>> DescribeAsync(PlatformPrincipal caller, string code, CancellationToken ct)
    {
        var resource = await catalog.PublishedAsync(DataResourceCodes.FromUrl(code), ct);
        if (resource == null || !(caller.IsStaff || caller.IsClient))
        {
            return ExchangeText.Fail(Shared.Results.FailureKind.NotFound, "exchange.resource_not_found");
        }

        var row = new JsonObject();
        foreach (var item in resource.Items)
        {
            var schema = new JsonObject { ["type"] = new JsonArray("string", "null"), ["title"] = item.Name };
            if (item.DataType is ItemTypes.Date)
            {
                schema["format"] = "date";
            }
            else if (item.DataType is ItemTypes.DateTime)
            {
                schema["format"] = "date-time";
            }

            schema["x-ow-type"] = item.DataType;
            schema["x-ow-mask"] = item.Mask;
            row[item.Key] = schema;
        }

        var path = "/api/v1/exchange/" + DataResourceCodes.ToUrl(resource.Code) + "/query";
        var doc = new JsonObject
        {
            ["openapi"] = "3.1.0",
            ["info"] = new JsonObject { ["title"] = resource.Name, ["version"] = resource.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["x-ow-resource"] = resource.Code, ["x-ow-sharing"] = resource.SharingClass },
            ["paths"] = new JsonObject
            {
                [path] = new JsonObject
                {
                    ["post"] = new JsonObject
                    {
                        ["operationId"] = "query_" + DataResourceCodes.ToUrl(resource.Code).Replace('-', '_'),
                        ["summary"] = "共享调用：" + resource.Name,
                        ["security"] = new JsonArray(new JsonObject { ["oauth2"] = new JsonArray(ExchangeScopes.Call) }),
                        ["requestBody"] = new JsonObject { ["required"] = true, ["content"] = Json(Ref("Query")) },
                        ["responses"] = new JsonObject
                        {
                            ["200"] = new JsonObject { ["description"] = "Rows under the grant", ["content"] = Json(Ref("Answer")) },
                            ["400"] = Problem("Invalid query"),
                            ["403"] = Problem("Grant not in force, client not in the grant, case not open"),
                            ["404"] = Problem("No such grant of the caller's department"),
                            ["503"] = Problem("The exchange log or the provider's system is unavailable"),
                        },
                    },
                },
            },
            ["components"] = new JsonObject
            {
                ["schemas"] = new JsonObject
                {
                    ["Row"] = new JsonObject { ["type"] = "object", ["properties"] = row, ["additionalProperties"] = false },
                    ["Query"] = JsonNode.Parse(QuerySchema)!,
                    ["Answer"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["resource"] = new JsonObject { ["type"] = "string" },
                            ["version"] = new JsonObject { ["type"] = "integer" },
                            ["grantId"] = new JsonObject { ["type"] = "integer" },
                            ["logId"] = new JsonObject { ["type"] = "integer" },
                            ["items"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                            ["masked"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" } },
                            ["rows"] = new JsonObject { ["type"] = "array", ["items"] = Ref("Row") },
                            ["nextCursor"] = new JsonObject { ["type"] = new JsonArray("string", "null") },
                        },
                    },
                },
                ["securitySchemes"] = new JsonObject
                {
                    ["oauth2"] = new JsonObject
                    {
                        ["type"] = "oauth2",
                        ["flows"] = new JsonObject { ["clientCredentials"] = new JsonObject { ["tokenUrl"] = "/connect/token", ["scopes"] = new JsonObject { [ExchangeScopes.Call] = "共享调用" } } },
                    },
                },
            },
        };
        return doc.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    private const string QuerySchema = """
        {"type":"object","required":["grantId"],"properties":{
          "grantId":{"type":"integer"},"purpose":{"type":"string","maxLength":200},"caseNumber":{"type":"string","maxLength":40},
          "subjects":{"type":"array","maxItems":50,"items":{"type":"string"}},
          "filters":{"type":"array","maxItems":10,"items":{"type":"object","properties":{"item":{"type":"string"},"op":{"enum":["eq","prefix","ge","le"]},"value":{"type":"string","maxLength":200}}}},
          "items":{"type":"array","items":{"type":"string"}},"pageSize":{"type":"integer","minimum":1,"maximum":100},"after":{"type":"string"}}}
        """;

    private static JsonObject Ref(string name) => new() { ["$ref"] = "#/components/schemas/" + name };

    private static JsonObject Json(JsonNode schema) => new() { ["application/json"] = new JsonObject { ["schema"] = schema } };

    private static JsonObject Problem(string description) =>
        new() { ["description"] = description, ["content"] = new JsonObject { ["application/problem+json"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "object" } } } };
}
