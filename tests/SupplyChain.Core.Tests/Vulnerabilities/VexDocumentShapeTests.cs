using System;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Vulnerabilities;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Vulnerabilities;

/// <summary>
/// A field of a VEX document that has the wrong JSON type is not skipped (a skipped 'status' or 'expires' would change
/// what the statement says): the document is SCSDK5004, and the message names the field, what holds it and the line,
/// so the author can find it in a long document.
/// </summary>
public class VexDocumentShapeTests
{
    private const string ValidStatement = "\"vulnerability\":{\"name\":\"GHSA-5crp-9r3c-p9vr\"},\"products\":[{\"@id\":\"pkg:nuget/Newtonsoft.Json@12.0.3\"}],\"status\":\"fixed\",\"impact_statement\":\"Reviewed\",\"expires\":\"2025-01-01\"";

    // The OpenVEX document: the statement is on line 3, the field under test is written before the valid fields (a
    // repeated key would be a different error), so each case differs from a valid document by one field.
    private static string OpenVex(string field, string documentField = "\"author\":\"Security team\"")
    {
        // A field the valid statement also has is taken out of it, as a repeated key is its own error.
        var valid = ValidStatement;
        if (field.Length > 0)
        {
            var name = field.Substring(0, field.IndexOf(':', StringComparison.Ordinal) + 1);
            var start = valid.IndexOf(name, StringComparison.Ordinal);
            if (start >= 0)
            {
                var end = valid.IndexOf(",\"", start + name.Length, StringComparison.Ordinal);
                valid = end < 0 ? valid.Substring(0, start - 1) : valid.Remove(start, end + 1 - start);
            }
        }

        return "{\"@context\":\"https://openvex.dev/ns/v0.2.0\"," + documentField + ",\n\"statements\":[\n{" + field + (field.Length == 0 ? string.Empty : ",") + valid + "}]}";
    }

    // The CycloneDX document: the vulnerability is on line 3, its analysis on line 4.
    private static string CycloneDx(string vulnerabilityField = "", string analysisField = "", string documentField = "\"metadata\":{\"authors\":[{\"name\":\"Security team\"}]}")
        => "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"," + documentField + ",\n\"vulnerabilities\":[\n{" + vulnerabilityField + (vulnerabilityField.Length == 0 ? string.Empty : ",")
           + "\"id\":\"CVE-2024-21907\",\"affects\":[{\"ref\":\"pkg:nuget/Newtonsoft.Json@12.0.3\"}],\n\"analysis\":{" + analysisField + (analysisField.Length == 0 ? string.Empty : ",")
           + "\"state\":\"resolved\",\"detail\":\"d\"},\"properties\":[{\"name\":\"supplychain:expires\",\"value\":\"2025-01-01\"}]}]}";

    private static void AssertMalformed(string json, string reason, int line)
    {
        using var dir = new TestDirectory("vex");
        var path = dir.WriteFile("vex.json", json);
        var ex = Assert.Throws<SupplyChainException>(() => VexDocumentReader.Read(path, new DiagnosticBag()));
        Assert.Equal("SCSDK5004", ex.Diagnostic.Code);
        Assert.Equal($"The VEX document '{path}' cannot be read: {reason}. SupplyChainVex must name an OpenVEX or CycloneDX VEX document.", ex.Diagnostic.Message);
        Assert.Equal((path, line), (ex.Diagnostic.File, ex.Diagnostic.Line));
    }

    [Fact]
    public void TheDocumentsTheseCasesChange_AreValid()
    {
        // Each case below differs from one of these by one field, so its error is that field's.
        using var dir = new TestDirectory("vex");
        foreach (var json in new[] { OpenVex(string.Empty), CycloneDx() })
        {
            var bag = new DiagnosticBag();
            var statement = Assert.Single(VexDocumentReader.Read(dir.WriteFile("vex.json", json), bag));
            Assert.Empty(bag.Diagnostics);
            Assert.Equal((VexState.Fixed, "Security team", 3), (statement.State, statement.Author, statement.Line));
        }
    }

    [Theory]
    [InlineData("\"status\":1", "'status' of a statement must be a string, not a number")]
    [InlineData("\"action_statement\":[]", "'action_statement' of a statement must be a string, not an array")]
    [InlineData("\"impact_statement\":{}", "'impact_statement' of a statement must be a string, not an object")]
    [InlineData("\"status_notes\":true", "'status_notes' of a statement must be a string, not a boolean")]
    [InlineData("\"justification\":2", "'justification' of a statement must be a string, not a number")]
    [InlineData("\"author\":3", "'author' of a statement must be a string, not a number")]
    [InlineData("\"expires\":20250101", "'expires' of a statement must be a string, not a number")]
    public void OpenVexStatementField_OfTheWrongType_NamesTheFieldAndTheStatementLine(string field, string reason)
        => AssertMalformed(OpenVex(field), reason, 3);

    [Theory]
    [InlineData("\"vulnerability\":{\"name\":4}", "'name' of 'vulnerability' must be a string, not a number")]
    [InlineData("\"vulnerability\":5", "'vulnerability' must be an object, not a number")]
    [InlineData("\"products\":{}", "'products' must be an array, not an object")]
    [InlineData("\"products\":[6]", "a product must be an object, not a number")]
    [InlineData("\"products\":[{\"@id\":7}]", "'@id' of a product must be a string, not a number")]
    [InlineData("\"products\":[{\"identifiers\":8}]", "'identifiers' of a product must be an object, not a number")]
    [InlineData("\"products\":[{\"identifiers\":{\"purl\":9}}]", "'purl' of 'identifiers' must be a string, not a number")]
    public void OpenVexVulnerabilityOrProduct_OfTheWrongType_IsNamed(string field, string reason)
    {
        // The field comes first, so the valid one the statement also has is a repeated key: write it alone.
        var name = field.Substring(1, field.IndexOf('"', 1) - 1);
        var rest = name == "vulnerability"
            ? "\"products\":[{\"@id\":\"pkg:nuget/Newtonsoft.Json@12.0.3\"}]"
            : "\"vulnerability\":{\"name\":\"GHSA-5crp-9r3c-p9vr\"}";
        var json = "{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"author\":\"A\",\n\"statements\":[\n{" + field + "," + rest + ",\"status\":\"fixed\",\"impact_statement\":\"Reviewed\",\"expires\":\"2025-01-01\"}]}";
        AssertMalformed(json, reason, 3);
    }

    [Fact]
    public void OpenVexStatement_ThatIsNoObject_IsNamed()
        => AssertMalformed("{\"author\":\"A\",\n\"statements\":[\n\"GHSA-5crp-9r3c-p9vr\"]}", "a statement must be an object, not a string", 3);

    [Fact]
    public void OpenVexStatement_WithoutVulnerability_IsNamed()
        => AssertMalformed("{\"author\":\"A\",\n\"statements\":[\n{\"status\":\"fixed\"}]}", "a statement has no 'vulnerability'", 3);

    [Fact]
    public void OpenVexDocumentAuthor_OfTheWrongType_IsNamed()
        => AssertMalformed(OpenVex(string.Empty, "\"author\":[\"A\"]"), "'author' of the document must be a string, not an array", 1);

    [Fact]
    public void BomFormat_OfTheWrongType_IsNamed()
        => AssertMalformed("{\n\"bomFormat\":1}", "'bomFormat' of the document must be a string, not a number", 2);

    [Fact]
    public void Document_ThatIsNoObject_IsNamed()
        => AssertMalformed("\n[]", "the VEX document must be an object, not an array", 2);

    [Fact]
    public void Document_OfAnotherShape_IsNamedOnItsFirstLine()
        => AssertMalformed("\n\n{\"bomFormat\":\"SPDX\"}", "it is neither an OpenVEX document ('statements') nor a CycloneDX VEX document ('bomFormat': 'CycloneDX')", 3);

    [Fact]
    public void InvalidJson_IsNamedWithTheLineOfTheError()
    {
        using var dir = new TestDirectory("vex");
        var path = dir.WriteFile("vex.json", "{\"statements\":[\n{\"status\":\n]}");
        var ex = Assert.Throws<SupplyChainException>(() => VexDocumentReader.Read(path, new DiagnosticBag()));
        Assert.Equal(("SCSDK5004", 3), (ex.Diagnostic.Code, ex.Diagnostic.Line));
        Assert.StartsWith($"The VEX document '{path}' cannot be read: it is not valid JSON (", ex.Diagnostic.Message, StringComparison.Ordinal);
        Assert.EndsWith("). SupplyChainVex must name an OpenVEX or CycloneDX VEX document.", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingFile_IsNamedWithoutALine()
    {
        using var dir = new TestDirectory("vex");
        var path = System.IO.Path.Combine(dir.Path, "vex.json");
        var ex = Assert.Throws<SupplyChainException>(() => VexDocumentReader.Read(path, new DiagnosticBag()));
        Assert.Equal(("SCSDK5004", 0), (ex.Diagnostic.Code, ex.Diagnostic.Line));
        Assert.Contains("cannot be read: the file does not exist.", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"id\":1", "", "'id' of a vulnerability must be a string, not a number", 3)]
    [InlineData("\"affects\":{}", "", "'affects' must be an array, not an object", 3)]
    [InlineData("\"properties\":{}", "", "'properties' must be an array, not an object", 3)]
    [InlineData("\"properties\":[1]", "", "a property must be an object, not a number", 3)]
    [InlineData("\"properties\":[{\"name\":1,\"value\":\"v\"}]", "", "'name' of a property must be a string, not a number", 3)]
    [InlineData("\"properties\":[{\"name\":\"n\",\"value\":1}]", "", "'value' of a property must be a string, not a number", 3)]
    [InlineData("", "\"justification\":1", "'justification' of 'analysis' must be a string, not a number", 4)]
    [InlineData("", "\"response\":{}", "'analysis.response' must be an array, not an object", 4)]
    [InlineData("", "\"response\":[1]", "a response must be a string, not a number", 4)]
    public void CycloneDxVulnerabilityField_OfTheWrongType_IsNamed(string vulnerabilityField, string analysisField, string reason, int line)
    {
        // A repeated key is its own error: where the field under test is one the valid document has, drop the valid one.
        var json = CycloneDx(vulnerabilityField, analysisField);
        if (vulnerabilityField.StartsWith("\"id\"", StringComparison.Ordinal))
        {
            json = json.Replace("\"id\":\"CVE-2024-21907\",", string.Empty, StringComparison.Ordinal);
        }
        else if (vulnerabilityField.StartsWith("\"affects\"", StringComparison.Ordinal))
        {
            json = json.Replace("\"affects\":[{\"ref\":\"pkg:nuget/Newtonsoft.Json@12.0.3\"}],", string.Empty, StringComparison.Ordinal);
        }
        else if (vulnerabilityField.StartsWith("\"properties\"", StringComparison.Ordinal))
        {
            json = json.Replace(",\"properties\":[{\"name\":\"supplychain:expires\",\"value\":\"2025-01-01\"}]", string.Empty, StringComparison.Ordinal);
        }

        AssertMalformed(json, reason, line);
    }

    [Theory]
    [InlineData("\"state\":1", "'state' of 'analysis' must be a string, not a number")]
    [InlineData("\"detail\":1", "'detail' of 'analysis' must be a string, not a number")]
    public void CycloneDxAnalysisStateOrDetail_OfTheWrongType_IsNamed(string field, string reason)
    {
        var name = field.Substring(0, field.IndexOf(':', StringComparison.Ordinal));
        var json = CycloneDx().Replace(name == "\"state\"" ? "\"state\":\"resolved\"," : ",\"detail\":\"d\"", name == "\"state\"" ? field + "," : "," + field, StringComparison.Ordinal);
        AssertMalformed(json, reason, 4);
    }

    [Theory]
    [InlineData("\"analysis\":1", "'analysis' of a vulnerability must be an object, not a number", 3)]
    [InlineData("\"affects\":[2]", "an 'affects' entry must be an object, not a number", 3)]
    [InlineData("\"affects\":[{\"ref\":3}]", "'ref' of an 'affects' entry must be a string, not a number", 3)]
    public void CycloneDxAnalysisOrAffects_OfTheWrongType_IsNamed(string field, string reason, int line)
    {
        var name = field.Substring(0, field.IndexOf(':', StringComparison.Ordinal));
        var json = name == "\"analysis\""
            ? CycloneDx().Replace("\n\"analysis\":{\"state\":\"resolved\",\"detail\":\"d\"}", field, StringComparison.Ordinal)
            : CycloneDx().Replace("\"affects\":[{\"ref\":\"pkg:nuget/Newtonsoft.Json@12.0.3\"}]", field, StringComparison.Ordinal);
        AssertMalformed(json, reason, line);
    }

    [Theory]
    [InlineData("\"metadata\":1", "'metadata' of the document must be an object, not a number", 1)]
    [InlineData("\"metadata\":{\"authors\":{}}", "'metadata.authors' must be an array, not an object", 1)]
    [InlineData("\"metadata\":{\"authors\":[1]}", "an author must be an object, not a number", 1)]
    [InlineData("\"metadata\":{\"authors\":[{\"name\":1}]}", "'name' of an author must be a string, not a number", 1)]
    [InlineData("\"vulnerabilities\":{}", "'vulnerabilities' must be an array, not an object", 1)]
    public void CycloneDxDocumentField_OfTheWrongType_IsNamed(string field, string reason, int line)
    {
        var json = field.StartsWith("\"vulnerabilities\"", StringComparison.Ordinal)
            ? "{\"bomFormat\":\"CycloneDX\"," + field + "}"
            : CycloneDx(documentField: field);
        AssertMalformed(json, reason, line);
    }

    [Fact]
    public void CycloneDxVulnerability_ThatIsNoObject_IsNamed()
        => AssertMalformed("{\"bomFormat\":\"CycloneDX\",\n\"vulnerabilities\":[\n\"CVE-2024-21907\"]}", "a vulnerability must be an object, not a string", 3);
}
