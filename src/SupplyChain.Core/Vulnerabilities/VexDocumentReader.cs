using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Json;

namespace SupplyChain.Core.Vulnerabilities;

/// <summary>
/// Reads a VEX document: OpenVEX (<c>statements</c>) or CycloneDX VEX (<c>bomFormat</c> CycloneDX with
/// <c>vulnerabilities</c>). Every statement needs a state, a reason, an author and an expiry
/// (OpenVEX: <c>impact_statement</c>/<c>action_statement</c>, the document's or statement's <c>author</c>, and an
/// <c>expires</c> field; CycloneDX: <c>analysis.detail</c>, and the properties <c>supplychain:author</c> and
/// <c>supplychain:expires</c>, or the document's <c>metadata.authors</c>). A statement that lacks one, a
/// <c>not_affected</c> without a justification and an <c>affected</c> without an action are refused
/// (<see cref="DiagnosticCatalog.Vex_StatementRefused"/>, with the line); a document of another shape is
/// <see cref="DiagnosticCatalog.Vex_Malformed"/>.
/// </summary>
public static class VexDocumentReader
{
    private static readonly HashSet<string> s_justifications = new(StringComparer.Ordinal)
    {
        // OpenVEX
        "component_not_present", "vulnerable_code_not_present", "vulnerable_code_not_in_execute_path",
        "vulnerable_code_cannot_be_controlled_by_adversary", "inline_mitigations_already_exist",

        // CycloneDX
        "code_not_present", "code_not_reachable", "requires_configuration", "requires_dependency", "requires_environment",
        "protected_by_compiler", "protected_at_runtime", "protected_at_perimeter", "protected_by_mitigating_control",
    };

    /// <summary>Reads the document; refused statements are reported to <paramref name="sink"/> and left out.</summary>
    public static IReadOnlyList<VexStatement> Read(string path, IDiagnosticSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        if (!System.IO.File.Exists(path))
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Vex_Malformed, path, 0, path, "the file does not exist");
        }

        var bytes = VulnerabilityDatabase.ReadBounded(path);
        JsonTreeNode root;
        try
        {
            root = JsonTreeParser.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Vex_Malformed, path, (int)(ex.LineNumber ?? -1) + 1, path, "it is not valid JSON (" + JsonErrorText.Describe(ex) + ")");
        }
        catch (JsonShapeException ex)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Vex_Malformed, path, ex.Line, path, ex.Message);
        }

        try
        {
            root.ExpectObject("the VEX document");
            if (root.Find("statements") is not null)
            {
                return ReadOpenVex(path, root, sink);
            }

            if (root.OptionalString("bomFormat", "the document") == "CycloneDX")
            {
                return ReadCycloneDx(path, root, sink);
            }

            throw SupplyChainException.Create(DiagnosticCatalog.Vex_Malformed, path, root.Line, path, "it is neither an OpenVEX document ('statements') nor a CycloneDX VEX document ('bomFormat': 'CycloneDX')");
        }
        catch (JsonShapeException ex)
        {
            throw SupplyChainException.Create(DiagnosticCatalog.Vex_Malformed, path, ex.Line, path, ex.Message);
        }
    }

    private static List<VexStatement> ReadOpenVex(string path, JsonTreeNode root, IDiagnosticSink sink)
    {
        var documentAuthor = root.OptionalString("author", "the document");
        var statements = new List<VexStatement>();
        foreach (var node in root.Required("statements", "the document").ExpectArray("'statements'").Items)
        {
            node.ExpectObject("a statement");
            var vulnerability = node.Required("vulnerability", "a statement");
            var id = vulnerability.Kind == JsonTreeKind.String ? vulnerability.Text : vulnerability.ExpectObject("'vulnerability'").OptionalString("name", "'vulnerability'");
            var (products, productProblem) = ReadPackages(
                node.Find("products")?.Value,
                "products",
                product => product.Kind == JsonTreeKind.String
                    ? product.Text
                    : product.ExpectObject("a product").OptionalString("@id", "a product")
                      ?? product.OptionalObject("identifiers", "a product")?.OptionalString("purl", "'identifiers'"),
                "a product names no package (neither '@id' nor 'identifiers.purl')");

            var status = node.OptionalString("status", "a statement");
            VexState? state = status switch
            {
                "not_affected" => VexState.NotAffected,
                "affected" => VexState.Affected,
                "fixed" => VexState.Fixed,
                "under_investigation" => VexState.UnderInvestigation,
                _ => null,
            };
            var action = node.OptionalString("action_statement", "a statement");
            // Both are read, so a notes field of the wrong type is an error even where an impact statement is given.
            var impact = node.OptionalString("impact_statement", "a statement");
            var notes = node.OptionalString("status_notes", "a statement");
            var reason = impact ?? notes ?? (state == VexState.Affected ? action : null);
            var statement = Validate(
                path,
                node.Line,
                id,
                products,
                productProblem,
                state,
                status,
                node.OptionalString("justification", "a statement"),
                reason,
                action,
                node.OptionalString("author", "a statement") ?? documentAuthor,
                node.OptionalString("expires", "a statement"),
                sink);
            if (statement is not null)
            {
                statements.Add(statement);
            }
        }

        return statements;
    }

    // The packages a statement is about. A statement without the list covers every package, so an entry that names no
    // package, or a list that is there but empty, must not become that by being left out: it is a problem to report.
    private static (List<string> Packages, string? Problem) ReadPackages(JsonTreeNode? list, string listName, Func<JsonTreeNode, string?> packageOf, string unnamed)
    {
        var packages = new List<string>();
        if (list is null)
        {
            return (packages, null);
        }

        string? problem = null;
        foreach (var entry in list.ExpectArray($"'{listName}'").Items)
        {
            if (packageOf(entry) is { } package && !string.IsNullOrWhiteSpace(package))
            {
                packages.Add(package);
            }
            else
            {
                problem ??= unnamed;
            }
        }

        return (packages, problem ?? (packages.Count == 0 ? $"its '{listName}' list is empty (leave it out to cover every package)" : null));
    }

    private static List<VexStatement> ReadCycloneDx(string path, JsonTreeNode root, IDiagnosticSink sink)
    {
        string? documentAuthor = null;
        if (root.OptionalObject("metadata", "the document") is { } metadata && metadata.Find("authors") is { } authors)
        {
            documentAuthor = authors.Value.ExpectArray("'metadata.authors'").Items
                .Select(a => a.ExpectObject("an author").OptionalString("name", "an author"))
                .FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
        }

        var statements = new List<VexStatement>();
        var vulnerabilities = root.Find("vulnerabilities")?.Value.ExpectArray("'vulnerabilities'").Items ?? Array.Empty<JsonTreeNode>();
        foreach (var node in vulnerabilities)
        {
            node.ExpectObject("a vulnerability");
            var id = node.OptionalString("id", "a vulnerability");
            var (products, productProblem) = ReadPackages(
                node.Find("affects")?.Value,
                "affects",
                affect => affect.ExpectObject("an 'affects' entry").OptionalString("ref", "an 'affects' entry"),
                "an 'affects' entry has no 'ref'");

            var properties = new Dictionary<string, string>(StringComparer.Ordinal);
            if (node.Find("properties") is { } props)
            {
                foreach (var p in props.Value.ExpectArray("'properties'").Items)
                {
                    p.ExpectObject("a property");
                    if (p.OptionalString("name", "a property") is { } name && p.OptionalString("value", "a property") is { } value)
                    {
                        properties.TryAdd(name, value);
                    }
                }
            }

            var analysis = node.OptionalObject("analysis", "a vulnerability");
            var stateText = analysis?.OptionalString("state", "'analysis'");
            VexState? state = stateText switch
            {
                "not_affected" or "false_positive" => VexState.NotAffected,
                "exploitable" => VexState.Affected,
                "resolved" or "resolved_with_pedigree" => VexState.Fixed,
                "in_triage" => VexState.UnderInvestigation,
                _ => null,
            };
            var justification = analysis?.OptionalString("justification", "'analysis'");
            if (stateText == "false_positive" && justification is null)
            {
                justification = "code_not_present";
            }

            string? action = null;
            if (analysis?.Find("response") is { } response)
            {
                var responses = response.Value.ExpectArray("'analysis.response'").Items.Select(r => r.ExpectString("a response")).ToArray();
                action = responses.Length == 0 ? null : string.Join(", ", responses);
            }

            var statement = Validate(
                path,
                node.Line,
                id,
                products,
                productProblem,
                state,
                stateText,
                justification,
                analysis?.OptionalString("detail", "'analysis'"),
                action,
                properties.GetValueOrDefault("supplychain:author") ?? documentAuthor,
                properties.GetValueOrDefault("supplychain:expires"),
                sink);
            if (statement is not null)
            {
                statements.Add(statement);
            }
        }

        return statements;
    }

    private static VexStatement? Validate(
        string path, int line, string? id, List<string> products, string? productProblem, VexState? state, string? stateText, string? justification,
        string? reason, string? action, string? author, string? expiresText, IDiagnosticSink sink)
    {
        string? problem = null;
        DateTimeOffset? expires = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            problem = "it names no vulnerability";
        }
        else if (productProblem is not null)
        {
            problem = productProblem;
        }
        else if (state is null)
        {
            problem = $"its state '{stateText}' is not one of not_affected, affected, fixed, under_investigation (CycloneDX: not_affected, false_positive, exploitable, resolved, in_triage)";
        }
        else if (state == VexState.NotAffected && string.IsNullOrWhiteSpace(justification))
        {
            problem = "it says not_affected without a justification";
        }
        else if (state == VexState.NotAffected && !s_justifications.Contains(justification!))
        {
            problem = $"its justification '{justification}' is not one OpenVEX or CycloneDX defines";
        }
        else if (state == VexState.Affected && string.IsNullOrWhiteSpace(action))
        {
            problem = "it says affected without an action (OpenVEX action_statement, CycloneDX analysis.response)";
        }
        else if (string.IsNullOrWhiteSpace(reason))
        {
            problem = "it gives no reason (OpenVEX impact_statement, CycloneDX analysis.detail)";
        }
        else if (string.IsNullOrWhiteSpace(author))
        {
            problem = "it names no author";
        }
        else if (string.IsNullOrWhiteSpace(expiresText))
        {
            problem = "it has no expiry (OpenVEX 'expires', CycloneDX property 'supplychain:expires'); a statement must be reviewed again";
        }
        else if (!DateTimeOffset.TryParse(expiresText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
        {
            problem = $"its expiry '{expiresText}' is not an ISO 8601 date";
        }
        else
        {
            expires = parsed;
        }

        if (problem is not null)
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Vex_StatementRefused, path, line, path, line, id ?? "(none)", problem));
            return null;
        }

        return new VexStatement(id!.Trim(), products, state!.Value, justification, reason, action, author, expires, path, line);
    }
}
