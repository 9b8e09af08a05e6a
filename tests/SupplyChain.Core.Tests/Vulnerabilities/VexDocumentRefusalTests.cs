using System;
using System.Linq;
using SupplyChain.Core.Diagnostics;
using SupplyChain.Core.Vulnerabilities;
using SupplyChain.TestUtilities;

namespace SupplyChain.Core.Tests.Vulnerabilities;

/// <summary>
/// A VEX document decides that a vulnerable package ships anyway, so nothing in it may be read more loosely than it is
/// written: a document of another shape is a coded error (SCSDK5004), never "no statements"; a statement that lacks
/// what the reader demands is refused with its line (SCSDK5005) and suppresses nothing.
/// </summary>
public class VexDocumentRefusalTests
{
    private const string Reason = "\"impact_statement\":\"Reviewed: not reachable.\"";

    private static string OpenVex(string statement, string author = "\"author\":\"Security team\",")
        => "{\"@context\":\"https://openvex.dev/ns/v0.2.0\"," + author + "\n\"statements\":[\n" + statement + "]}";

    private static string Statement(string body)
        => "{\"vulnerability\":{\"name\":\"GHSA-5crp-9r3c-p9vr\"},\"products\":[{\"@id\":\"pkg:nuget/Newtonsoft.Json@12.0.3\"}]," + body + "}";

    private static (System.Collections.Generic.IReadOnlyList<VexStatement> Statements, DiagnosticBag Bag) Read(TestDirectory dir, string json)
    {
        var bag = new DiagnosticBag();
        var statements = VexDocumentReader.Read(dir.WriteFile("vex.json", json), bag);
        return (statements, bag);
    }

    private static SupplyChainException Malformed(string json)
    {
        using var dir = new TestDirectory("vex");
        var ex = Assert.Throws<SupplyChainException>(() => VexDocumentReader.Read(dir.WriteFile("vex.json", json), new DiagnosticBag()));
        Assert.Equal("SCSDK5004", ex.Diagnostic.Code);
        return ex;
    }

    private static Diagnostic Refused(string json, string reason)
    {
        using var dir = new TestDirectory("vex");
        var (statements, bag) = Read(dir, json);
        Assert.Empty(statements);
        var d = Assert.Single(bag.Diagnostics);
        Assert.Equal("SCSDK5005", d.Code);
        Assert.Contains(reason, d.Message, StringComparison.Ordinal);
        return d;
    }

    [Fact]
    public void ValidNotAffectedStatement_IsRead_WithItsFieldsAndLine()
    {
        // The baseline the refusals below differ from by one field each.
        using var dir = new TestDirectory("vex");
        var (statements, bag) = Read(dir, OpenVex(Statement("\"status\":\"not_affected\",\"justification\":\"vulnerable_code_not_in_execute_path\"," + Reason + ",\"expires\":\"2025-01-01T00:00:00Z\"")));
        Assert.Empty(bag.Diagnostics);
        var s = Assert.Single(statements);
        Assert.Equal(("GHSA-5crp-9r3c-p9vr", VexState.NotAffected, "Security team", 3), (s.VulnerabilityId, s.State, s.Author, s.Line));
        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), s.Expires);
        Assert.Equal(new[] { "pkg:nuget/Newtonsoft.Json@12.0.3" }, s.Products);
    }

    [Fact]
    public void MissingFile_IsACodedError_NotAnEmptyDocument()
    {
        var ex = Assert.Throws<SupplyChainException>(() => VexDocumentReader.Read("/nonexistent/vex.json", new DiagnosticBag()));
        Assert.Equal("SCSDK5004", ex.Diagnostic.Code);
        Assert.Contains("does not exist", ex.Diagnostic.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncatedJson_IsACodedError()
        => Assert.Contains("not valid JSON", Malformed("{\"statements\":[{\"status\":").Diagnostic.Message, StringComparison.Ordinal);

    [Fact]
    public void DuplicateStatusKey_IsACodedError_SoNoReaderCanTakeTheOtherOne()
    {
        // "affected" to one parser, "not_affected" to another: refused, not resolved by last-one-wins.
        var ex = Malformed(OpenVex(Statement("\"status\":\"affected\",\"status\":\"not_affected\",\"justification\":\"component_not_present\"," + Reason + ",\"expires\":\"2025-01-01\"")));
        Assert.True(ex.Diagnostic.Line > 0);
    }

    [Fact]
    public void DocumentOfAnotherShape_IsACodedError_NotAnEmptyListOfStatements()
        => Assert.Contains("neither an OpenVEX document", Malformed("{\"@context\":\"https://openvex.dev/ns/v0.2.0\",\"author\":\"x\"}").Diagnostic.Message, StringComparison.Ordinal);

    [Fact]
    public void StatementsThatAreNotAList_IsACodedError()
        => Assert.Contains("'statements' must be an array", Malformed("{\"statements\":{\"status\":\"not_affected\"}}").Diagnostic.Message, StringComparison.Ordinal);

    [Fact]
    public void Statement_WithoutVulnerabilityName_IsRefused()
        => Refused(OpenVex("{\"vulnerability\":{},\"status\":\"fixed\"," + Reason + ",\"expires\":\"2025-01-01\"}"), "names no vulnerability");

    [Fact]
    public void Statement_WithAnUnknownStatus_IsRefused()
        => Refused(OpenVex(Statement("\"status\":\"not-affected\",\"justification\":\"component_not_present\"," + Reason + ",\"expires\":\"2025-01-01\"")), "its state 'not-affected' is not one of");

    [Fact]
    public void NotAffected_WithAJustificationNoStandardDefines_IsRefused()
        => Refused(OpenVex(Statement("\"status\":\"not_affected\",\"justification\":\"trust_me\"," + Reason + ",\"expires\":\"2025-01-01\"")), "its justification 'trust_me' is not one");

    [Fact]
    public void Affected_WithoutAnAction_IsRefused()
        => Refused(OpenVex(Statement("\"status\":\"affected\"," + Reason + ",\"expires\":\"2025-01-01\"")), "affected without an action");

    [Fact]
    public void NotAffected_WithAnActionButNoImpactStatement_IsRefused_TheActionIsNoReason()
        => Refused(OpenVex(Statement("\"status\":\"not_affected\",\"justification\":\"component_not_present\",\"action_statement\":\"Upgrade later\",\"expires\":\"2025-01-01\"")), "gives no reason");

    [Fact]
    public void Affected_WithAnAction_TakesTheActionAsItsReason()
    {
        using var dir = new TestDirectory("vex");
        var (statements, bag) = Read(dir, OpenVex(Statement("\"status\":\"affected\",\"action_statement\":\"Upgrade in sprint 12\",\"expires\":\"2025-01-01\"")));
        Assert.Empty(bag.Diagnostics);
        Assert.Equal(("Upgrade in sprint 12", "Upgrade in sprint 12"), (Assert.Single(statements).Reason, statements[0].Action));
    }

    [Fact]
    public void StatusNotes_AreAReason()
    {
        using var dir = new TestDirectory("vex");
        var (statements, bag) = Read(dir, OpenVex(Statement("\"status\":\"under_investigation\",\"status_notes\":\"Triage started\",\"expires\":\"2025-01-01\"")));
        Assert.Empty(bag.Diagnostics);
        Assert.Equal((VexState.UnderInvestigation, "Triage started"), (Assert.Single(statements).State, statements[0].Reason));
    }

    [Fact]
    public void Statement_WithoutAnyAuthor_IsRefused()
        => Refused(OpenVex(Statement("\"status\":\"fixed\"," + Reason + ",\"expires\":\"2025-01-01\""), author: string.Empty), "names no author");

    [Fact]
    public void StatementAuthor_StandsInForAMissingDocumentAuthor()
    {
        using var dir = new TestDirectory("vex");
        var (statements, bag) = Read(dir, OpenVex(Statement("\"status\":\"fixed\",\"author\":\"Alice\"," + Reason + ",\"expires\":\"2025-01-01\""), author: string.Empty));
        Assert.Empty(bag.Diagnostics);
        Assert.Equal("Alice", Assert.Single(statements).Author);
    }

    [Fact]
    public void Statement_WithAnExpiryThatIsNoDate_IsRefused_OnItsLine()
    {
        var d = Refused(OpenVex(Statement("\"status\":\"fixed\"," + Reason + ",\"expires\":\"next spring\"")), "its expiry 'next spring' is not an ISO 8601 date");
        Assert.Equal(3, d.Line);
    }

    [Fact]
    public void RefusedStatement_DoesNotTakeTheOthersWithIt()
    {
        using var dir = new TestDirectory("vex");
        var good = Statement("\"status\":\"fixed\"," + Reason + ",\"expires\":\"2025-01-01\"");
        var bad = Statement("\"status\":\"fixed\"," + Reason);
        var (statements, bag) = Read(dir, OpenVex(bad + ",\n" + good));
        Assert.Equal(4, Assert.Single(statements).Line);
        Assert.Equal(3, Assert.Single(bag.Diagnostics).Line);
    }

    private static string CycloneDx(string analysis, string properties = "{\"name\":\"supplychain:expires\",\"value\":\"2025-01-01\"}", string authors = "\"metadata\":{\"authors\":[{\"name\":\"\"},{\"name\":\"Security team\"}]},")
        => "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"," + authors + "\n\"vulnerabilities\":[\n{\"id\":\"CVE-2024-21907\",\"affects\":[{\"ref\":\"pkg:nuget/Newtonsoft.Json@12.0.3\"}],\"analysis\":{" + analysis + "},\"properties\":[" + properties + "]}]}";

    [Theory]
    [InlineData("\"state\":\"exploitable\",\"detail\":\"d\",\"response\":[\"update\",\"workaround_available\"]", VexState.Affected, "update, workaround_available")]
    [InlineData("\"state\":\"resolved\",\"detail\":\"d\"", VexState.Fixed, null)]
    [InlineData("\"state\":\"resolved_with_pedigree\",\"detail\":\"d\"", VexState.Fixed, null)]
    [InlineData("\"state\":\"in_triage\",\"detail\":\"d\"", VexState.UnderInvestigation, null)]
    public void CycloneDxStates_MapToTheirVexState(string analysis, VexState state, string? action)
    {
        using var dir = new TestDirectory("vex");
        var (statements, bag) = Read(dir, CycloneDx(analysis));
        Assert.Empty(bag.Diagnostics);
        var s = Assert.Single(statements);
        Assert.Equal((state, action, "Security team", "CVE-2024-21907"), (s.State, s.Action, s.Author, s.VulnerabilityId));
    }

    [Fact]
    public void CycloneDxFalsePositive_IsNotAffectedAsCodeNotPresent()
    {
        using var dir = new TestDirectory("vex");
        var (statements, _) = Read(dir, CycloneDx("\"state\":\"false_positive\",\"detail\":\"d\""));
        Assert.Equal((VexState.NotAffected, "code_not_present"), (Assert.Single(statements).State, statements[0].Justification));
    }

    [Fact]
    public void CycloneDxFalsePositive_KeepsTheJustificationItGives()
    {
        using var dir = new TestDirectory("vex");
        var (statements, _) = Read(dir, CycloneDx("\"state\":\"false_positive\",\"justification\":\"protected_at_runtime\",\"detail\":\"d\""));
        Assert.Equal("protected_at_runtime", Assert.Single(statements).Justification);
    }

    [Fact]
    public void CycloneDxNotAffected_WithoutJustification_IsRefused_OnlyFalsePositiveImpliesOne()
        => Refused(CycloneDx("\"state\":\"not_affected\",\"detail\":\"d\""), "not_affected without a justification");

    [Fact]
    public void CycloneDxExploitable_WithAnEmptyResponseList_IsRefused()
        => Refused(CycloneDx("\"state\":\"exploitable\",\"detail\":\"d\",\"response\":[]"), "affected without an action");

    [Fact]
    public void CycloneDxStatement_WithoutAnalysisState_IsRefused()
        => Refused(CycloneDx("\"detail\":\"d\""), "its state '' is not one of");

    [Fact]
    public void CycloneDxVulnerability_WithoutAnalysis_IsRefused_NotReadAsAStatement()
    {
        using var dir = new TestDirectory("vex");
        var (statements, bag) = Read(dir, "{\"bomFormat\":\"CycloneDX\",\"metadata\":{\"authors\":[{\"name\":\"A\"}]},\"vulnerabilities\":[{\"id\":\"CVE-2024-21907\",\"properties\":[{\"name\":\"supplychain:expires\",\"value\":\"2025-01-01\"}]}]}");
        Assert.Empty(statements);
        Assert.Equal("SCSDK5005", Assert.Single(bag.Diagnostics).Code);
    }

    [Fact]
    public void CycloneDxStatement_WithoutAnyAuthor_IsRefused()
        => Refused(CycloneDx("\"state\":\"resolved\",\"detail\":\"d\"", authors: string.Empty), "names no author");

    [Fact]
    public void CycloneDxAuthorProperty_StandsInForMissingDocumentAuthors()
    {
        using var dir = new TestDirectory("vex");
        var (statements, _) = Read(dir, CycloneDx("\"state\":\"resolved\",\"detail\":\"d\"", "{\"name\":\"supplychain:expires\",\"value\":\"2025-01-01\"},{\"name\":\"supplychain:author\",\"value\":\"Bob\"}", authors: string.Empty));
        Assert.Equal("Bob", Assert.Single(statements).Author);
    }

    [Fact]
    public void CycloneDxStatement_WithoutExpiryProperty_IsRefused()
        => Refused(CycloneDx("\"state\":\"resolved\",\"detail\":\"d\"", properties: string.Empty), "it has no expiry");

    [Fact]
    public void CycloneDxBom_WithoutVulnerabilities_HasNoStatements()
    {
        using var dir = new TestDirectory("vex");
        var (statements, bag) = Read(dir, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\"}");
        Assert.Empty(statements);
        Assert.Empty(bag.Diagnostics);
    }

    [Fact]
    public void CycloneDxResponseThatIsNotAString_IsACodedError()
        => Malformed(CycloneDx("\"state\":\"exploitable\",\"detail\":\"d\",\"response\":[1]"));

    [Fact]
    public void OpenVexStatement_WithAVulnerabilityGivenAsAString_AndProductsAsStrings_IsRead()
    {
        using var dir = new TestDirectory("vex");
        var (statements, bag) = Read(dir, OpenVex("{\"vulnerability\":\"CVE-2024-21907\",\"products\":[\"pkg:nuget/Newtonsoft.Json@12.0.3\"],\"status\":\"fixed\"," + Reason + ",\"expires\":\"2025-01-01\"}"));
        Assert.Empty(bag.Diagnostics);
        Assert.Equal(("CVE-2024-21907", "pkg:nuget/Newtonsoft.Json@12.0.3"), (Assert.Single(statements).VulnerabilityId, statements[0].Products.Single()));
    }

    [Fact]
    public void OpenVexProduct_NamedOnlyByItsPurlIdentifier_CoversThatPackage()
    {
        // OpenVEX 0.2.0 lets a product be named by 'identifiers' alone.
        using var dir = new TestDirectory("vex");
        var (statements, bag) = Read(dir, OpenVex("{\"vulnerability\":\"CVE-2024-21907\",\"products\":[{\"identifiers\":{\"purl\":\"pkg:nuget/Newtonsoft.Json@12.0.3\",\"cpe23\":\"cpe:2.3:a:x:y:1:*:*:*:*:*:*:*\"}}],\"status\":\"fixed\"," + Reason + ",\"expires\":\"2025-01-01\"}"));
        Assert.Empty(bag.Diagnostics);
        Assert.Equal("pkg:nuget/Newtonsoft.Json@12.0.3", Assert.Single(Assert.Single(statements).Products));
    }

    [Theory]
    [InlineData("[{\"identifiers\":{\"cpe23\":\"cpe:2.3:a:x:y:1:*:*:*:*:*:*:*\"}}]")]
    [InlineData("[{\"@id\":\"\"}]")]
    [InlineData("[{}]")]
    [InlineData("[{\"@id\":\"pkg:nuget/Newtonsoft.Json@12.0.3\"},{\"hashes\":{\"sha-256\":\"00\"}}]")]
    public void OpenVexProduct_ThatNamesNoPackage_IsRefused_NotReadAsCoveringEveryPackage(string products)
    {
        // Left out, the product would leave the list empty, and an empty list covers every package: a statement about
        // one component would silence the vulnerability everywhere.
        Refused(OpenVex("{\"vulnerability\":\"CVE-2024-21907\",\"products\":" + products + ",\"status\":\"fixed\"," + Reason + ",\"expires\":\"2025-01-01\"}"), "a product names no package (neither '@id' nor 'identifiers.purl')");
    }

    [Fact]
    public void OpenVexEmptyProductsList_IsRefused_OnlyAStatementWithoutProductsCoversEveryPackage()
        => Refused(OpenVex("{\"vulnerability\":\"CVE-2024-21907\",\"products\":[],\"status\":\"fixed\"," + Reason + ",\"expires\":\"2025-01-01\"}"), "its 'products' list is empty (leave it out to cover every package)");

    [Theory]
    [InlineData("[{\"ref\":\"pkg:nuget/Newtonsoft.Json@12.0.3\"},{\"versions\":[]}]", "an 'affects' entry has no 'ref'")]
    [InlineData("[{\"ref\":\" \"}]", "an 'affects' entry has no 'ref'")]
    [InlineData("[]", "its 'affects' list is empty (leave it out to cover every package)")]
    public void CycloneDxAffects_ThatNamesNoComponent_IsRefused_NotReadAsCoveringEveryPackage(string affects, string reason)
        => Refused(CycloneDx("\"state\":\"resolved\",\"detail\":\"d\"").Replace("\"affects\":[{\"ref\":\"pkg:nuget/Newtonsoft.Json@12.0.3\"}]", "\"affects\":" + affects, StringComparison.Ordinal), reason);

    [Theory]
    [InlineData("component_not_present")]
    [InlineData("vulnerable_code_not_present")]
    [InlineData("vulnerable_code_not_in_execute_path")]
    [InlineData("vulnerable_code_cannot_be_controlled_by_adversary")]
    [InlineData("inline_mitigations_already_exist")]
    [InlineData("code_not_present")]
    [InlineData("code_not_reachable")]
    [InlineData("requires_configuration")]
    [InlineData("requires_dependency")]
    [InlineData("requires_environment")]
    [InlineData("protected_by_compiler")]
    [InlineData("protected_at_runtime")]
    [InlineData("protected_at_perimeter")]
    [InlineData("protected_by_mitigating_control")]
    public void NotAffected_WithEveryJustificationOpenVexOrCycloneDxDefines_IsRead(string justification)
    {
        using var dir = new TestDirectory("vex");
        var (statements, bag) = Read(dir, OpenVex(Statement("\"status\":\"not_affected\",\"justification\":\"" + justification + "\"," + Reason + ",\"expires\":\"2025-01-01\"")));
        Assert.Empty(bag.Diagnostics);
        Assert.Equal(justification, Assert.Single(statements).Justification);
    }

    [Fact]
    public void ImpactStatement_IsTheReason_BeforeStatusNotes_AndNotesBeforeTheAction()
    {
        using var dir = new TestDirectory("vex");
        var (both, _) = Read(dir, OpenVex(Statement("\"status\":\"fixed\",\"status_notes\":\"Notes\",\"impact_statement\":\"Impact\",\"expires\":\"2025-01-01\"")));
        Assert.Equal("Impact", Assert.Single(both).Reason);
        var (affected, _) = Read(dir, OpenVex(Statement("\"status\":\"affected\",\"action_statement\":\"Upgrade\",\"status_notes\":\"Notes\",\"expires\":\"2025-01-01\"")));
        Assert.Equal(("Notes", "Upgrade"), (Assert.Single(affected).Reason, affected[0].Action));
    }

    [Fact]
    public void OpenVexProduct_WithBothAnIdAndAPurlIdentifier_IsNamedByItsId()
    {
        using var dir = new TestDirectory("vex");
        var (statements, _) = Read(dir, OpenVex("{\"vulnerability\":\"CVE-2024-21907\",\"products\":[{\"@id\":\"pkg:nuget/Newtonsoft.Json@12.0.3\",\"identifiers\":{\"purl\":\"pkg:nuget/Other@1.0.0\"}}],\"status\":\"fixed\"," + Reason + ",\"expires\":\"2025-01-01\"}"));
        Assert.Equal("pkg:nuget/Newtonsoft.Json@12.0.3", Assert.Single(Assert.Single(statements).Products));
    }

    [Fact]
    public void CycloneDxAuthorProperty_IsTheAuthor_BeforeTheDocumentsAuthors()
    {
        using var dir = new TestDirectory("vex");
        var (statements, _) = Read(dir, CycloneDx("\"state\":\"resolved\",\"detail\":\"d\"", "{\"name\":\"supplychain:expires\",\"value\":\"2025-01-01\"},{\"name\":\"supplychain:author\",\"value\":\"Bob\"}"));
        Assert.Equal("Bob", Assert.Single(statements).Author);
    }

    [Fact]
    public void Statement_WithoutVulnerability_IsNamedAsNone_InTheRefusal()
    {
        var d = Refused(OpenVex("{\"vulnerability\":{},\"status\":\"fixed\"," + Reason + ",\"expires\":\"2025-01-01\"}"), "names no vulnerability");
        Assert.Contains("line 3 about '(none)' is refused", d.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullSink_IsACallerError()
    {
        using var dir = new TestDirectory("vex");
        var path = dir.WriteFile("vex.json", OpenVex(Statement("\"status\":\"fixed\"," + Reason + ",\"expires\":\"2025-01-01\"")));
        Assert.Equal("sink", Assert.Throws<ArgumentNullException>(() => VexDocumentReader.Read(path, null!)).ParamName);
    }
}
