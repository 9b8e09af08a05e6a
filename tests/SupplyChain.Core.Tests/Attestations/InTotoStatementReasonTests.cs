using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json.Nodes;
using SupplyChain.Core.Attestations;

namespace SupplyChain.Core.Tests.Attestations;

/// <summary>
/// What a malformed in-toto statement is refused for: the reason names the field and the subject (counted from 1),
/// so that the SCSDK3023 message tells the user what to mend; and the edge cases of the format that the reader must
/// neither refuse nor write twice.
/// </summary>
public class InTotoStatementReasonTests
{
    private const string V1 = "{\"_type\":\"https://in-toto.io/Statement/v1\",";
    private const string Good = "{\"digest\":{\"sha256\":\"ab\"}}";

    [Theory]
    [InlineData("{", "it is not valid JSON: ")]
    [InlineData("[]", "it is not a JSON object")]
    [InlineData("{\"_type\":1}", "'_type' is missing or not a string")]
    [InlineData(V1 + "\"subject\":{}}", "'subject' is missing, not an array or empty")]
    [InlineData(V1 + "\"subject\":[" + Good + ",1]}", "subject 2: it is not an object")]
    [InlineData(V1 + "\"subject\":[" + Good + ",{\"digest\":[]}]}", "subject 2: 'digest' is not an object")]
    [InlineData(V1 + "\"subject\":[{\"digest\":{\"sha256\":\"\"}}]}", "subject 1: the digest 'sha256' is not a non-empty string")]
    [InlineData(V1 + "\"subject\":[{\"digest\":{\"sha256\":\"ab\"},\"uri\":2}]}", "subject 1: 'uri' is not a string")]
    [InlineData(V1 + "\"subject\":[{\"digest\":{\"sha256\":\"ab\"},\"content\":\"*\"}]}", "subject 1: 'content' is not base64")]
    [InlineData(V1 + "\"subject\":[{\"digest\":{\"sha256\":\"ab\"},\"annotations\":[]}]}", "subject 1: 'annotations' is not an object")]
    [InlineData(V1 + "\"subject\":[" + Good + ",{\"name\":\"a\"}]}", "subject 2: it has none of 'digest', 'uri' and 'content'")]
    [InlineData(V1 + "\"subject\":[" + Good + ",{\"uri\":\"https://example.com/a\"}]}", "subject 2 has no digest")]
    [InlineData(V1 + "\"subject\":[" + Good + ",{\"content\":\"YQ==\"}]}", "subject 2 has no digest")]
    [InlineData(V1 + "\"subject\":[" + Good + "],\"predicateType\":2}", "'predicateType' is missing, empty or not a string")]
    [InlineData(V1 + "\"subject\":[" + Good + "],\"predicateType\":\"p\",\"predicate\":\"x\"}", "'predicate' is not an object")]
    public void Malformed_TheReasonNamesTheFieldAndTheSubject(string json, string reason)
    {
        var result = InTotoStatement.Read(Encoding.UTF8.GetBytes(json));

        Assert.False(result.IsSuccess);
        Assert.StartsWith(reason, result.Error, StringComparison.Ordinal);
        Assert.Contains(reason, result.ToDiagnostic("s.json").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OtherType_TheReasonQuotesIt()
    {
        var result = InTotoStatement.Read(Encoding.UTF8.GetBytes("{\"_type\":\"https://in-toto.io/Statement/v0.1\"}"));

        Assert.Equal("'_type' is 'https://in-toto.io/Statement/v0.1'", result.Error);
    }

    [Fact]
    public void Diagnostic_WithoutAFile_NamesTheStatement()
    {
        var malformed = InTotoStatement.Read("[]"u8).ToDiagnostic(null);
        var otherType = InTotoStatement.Read("{\"_type\":\"x\"}"u8).ToDiagnostic(null);

        Assert.Contains("(statement)", malformed.Message, StringComparison.Ordinal);
        Assert.Contains("(statement)", otherType.Message, StringComparison.Ordinal);
        Assert.Contains("no error", new InTotoStatementReadResult(null, null, null).ToDiagnostic(null).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PredicateNull_IsAStatementWithoutAPredicate()
    {
        var statement = InTotoStatement.Parse(Encoding.UTF8.GetBytes(V1 + "\"subject\":[" + Good + "],\"predicateType\":\"p\",\"predicate\":null}"));

        Assert.Null(statement.Predicate);
    }

    [Fact]
    public void Constructor_ASecondSubjectWithoutADigest_IsRefused()
    {
        var withDigest = new ResourceDescriptor("a", new Dictionary<string, string> { ["sha256"] = "ab" });
        var without = new ResourceDescriptor("b", new Dictionary<string, string>());

        var none = Assert.Throws<ArgumentException>(() => new InTotoStatement(Array.Empty<ResourceDescriptor>(), "p", null));
        var missing = Assert.Throws<ArgumentException>(() => new InTotoStatement(new[] { withDigest, without }, "p", null));

        Assert.StartsWith("A statement needs at least one subject.", none.Message, StringComparison.Ordinal);
        Assert.StartsWith("Every subject needs a digest.", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralExtensionFields_IncludingNull_AreAllKept()
    {
        var json = V1 + "\"subject\":[{\"digest\":{\"sha256\":\"ab\"},\"x\":1,\"y\":null}],\"predicateType\":\"p\",\"e1\":null,\"e2\":[2]}";

        var statement = InTotoStatement.Parse(Encoding.UTF8.GetBytes(json));

        Assert.Equal(json, statement.ToJson());
    }

    [Fact]
    public void ExtensionFields_NamingASpecField_AreNotWrittenASecondTime()
    {
        // A caller's extension object that repeats a field of the spec must not give the output a repeated key: strict
        // readers (ours, TUF's) refuse such a document, and lenient ones disagree on which value wins.
        var statement = new InTotoStatement(new[] { new ResourceDescriptor("a", new Dictionary<string, string> { ["sha256"] = "ab" }) { ExtensionFields = new JsonObject { ["digest"] = "forged", ["x"] = 1 } } }, "p", null)
        {
            ExtensionFields = new JsonObject { ["_type"] = "forged", ["predicateType"] = "forged", ["z"] = true },
        };

        Assert.Equal(V1 + "\"subject\":[{\"name\":\"a\",\"digest\":{\"sha256\":\"ab\"},\"x\":1}],\"predicateType\":\"p\",\"z\":true}", statement.ToJson());
        Assert.True(InTotoStatement.Read(statement.ToJsonBytes()).IsSuccess);
    }

    [Fact]
    public void Diagnostic_WithAFile_NamesTheFile()
    {
        Assert.Contains("'s.intoto.jsonl'", InTotoStatement.Read("[]"u8).ToDiagnostic("s.intoto.jsonl").Message, StringComparison.Ordinal);
        Assert.Contains("'s.intoto.jsonl'", InTotoStatement.Read("{\"_type\":\"x\"}"u8).ToDiagnostic("s.intoto.jsonl").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SubjectFields_GivenAsNull_AreReadAsAbsent()
    {
        // JSON null for an optional field or for the annotations is no value, not a value of the wrong type.
        var statement = InTotoStatement.Parse(Encoding.UTF8.GetBytes(V1 + "\"subject\":[{\"digest\":{\"sha256\":\"ab\"},\"uri\":null,\"name\":null,\"annotations\":null}],\"predicateType\":\"p\"}"));

        var subject = Assert.Single(statement.Subject);
        Assert.Null(subject.Uri);
        Assert.Null(subject.Name);
    }

    [Fact]
    public void Subject_WithTwoFieldsOfTheWrongType_IsRefusedForTheFirstInSpecOrder()
    {
        // name, uri, downloadLocation, mediaType, content: the reason names the first that is wrong.
        var result = InTotoStatement.Read(Encoding.UTF8.GetBytes(V1 + "\"subject\":[{\"digest\":{\"sha256\":\"ab\"},\"content\":1,\"mediaType\":2,\"downloadLocation\":3,\"uri\":4}]}"));
        Assert.Equal("subject 1: 'uri' is not a string", result.Error);
        result = InTotoStatement.Read(Encoding.UTF8.GetBytes(V1 + "\"subject\":[{\"digest\":{\"sha256\":\"ab\"},\"content\":1,\"mediaType\":2,\"downloadLocation\":3}]}"));
        Assert.Equal("subject 1: 'downloadLocation' is not a string", result.Error);
        result = InTotoStatement.Read(Encoding.UTF8.GetBytes(V1 + "\"subject\":[{\"digest\":{\"sha256\":\"ab\"},\"content\":1,\"mediaType\":2}]}"));
        Assert.Equal("subject 1: 'mediaType' is not a string", result.Error);
    }

    [Fact]
    public void Constructor_WithoutSubjects_NamesTheParameter()
        => Assert.Equal("subject", Assert.Throws<ArgumentNullException>(() => new InTotoStatement(null!, "p", null)).ParamName);
}
