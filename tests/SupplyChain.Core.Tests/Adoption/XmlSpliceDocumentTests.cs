using System.Linq;
using System.Text;
using SupplyChain.Core.Adoption;

namespace SupplyChain.Core.Tests.Adoption;

/// <summary>Edits change only the text they target: comments, whitespace, quotes, entities, BOM and CRLF survive.</summary>
public sealed class XmlSpliceDocumentTests
{
    private const string Sample = "<?xml version=\"1.0\"?>\r\n<Project>\r\n\t<!-- keep me -->\r\n\t<ItemGroup>\r\n\t\t<PackageVersion Include='A'   Version='1.*' /><!-- trailing -->\r\n\t\t<PackageVersion Include=\"B\"\r\n\t\t                Version=\"[1.0, 2.0)\" Label=\"x &amp; y\" />\r\n\t</ItemGroup>\r\n</Project>\r\n";

    [Fact]
    public void Parse_ThenToText_WithoutEdits_IsByteForByteTheInput()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(Sample)).ToArray();
        var document = XmlSpliceDocument.Parse(bytes);
        Assert.False(document.IsChanged);
        Assert.Equal(bytes, document.ToBytes());
    }

    [Fact]
    public void SetAttribute_ChangesOnlyTheValue_KeepingQuotesLayoutAndComments()
    {
        var document = XmlSpliceDocument.Parse(Sample);
        var items = document.Root.Descendants().Where(e => e.Name == "PackageVersion").ToArray();
        document.SetAttribute(items[0], "Version", "1.1.0");
        document.SetAttribute(items[1], "Version", "1.5.0");
        var expected = Sample.Replace("Version='1.*'", "Version='1.1.0'", System.StringComparison.Ordinal).Replace("Version=\"[1.0, 2.0)\"", "Version=\"1.5.0\"", System.StringComparison.Ordinal);
        Assert.Equal(expected, document.ToText());
    }

    [Fact]
    public void AppendChild_UsesTheFilesIndentAndNewline_AndLandsBeforeTheEndTag()
    {
        var document = XmlSpliceDocument.Parse(Sample);
        var group = document.Root.Elements("ItemGroup").Single();
        document.AppendChild(group, "<PackageVersion Include=\"C\" Version=\"3.0.0\" />");
        document.AppendChild(document.Root, "<PropertyGroup>\n  <X>true</X>\n</PropertyGroup>");
        var text = document.ToText();
        Assert.Contains("Label=\"x &amp; y\" />\r\n\t\t<PackageVersion Include=\"C\" Version=\"3.0.0\" />\r\n\t</ItemGroup>\r\n\t<PropertyGroup>\r\n\t  <X>true</X>\r\n\t</PropertyGroup>\r\n</Project>\r\n", text, System.StringComparison.Ordinal);
        Assert.Contains("<!-- keep me -->", text, System.StringComparison.Ordinal);
        Assert.Contains("<!-- trailing -->", text, System.StringComparison.Ordinal);
        XmlSpliceDocument.Parse(text); // still well-formed
    }

    [Fact]
    public void AppendChild_ToAnEmptyElement_OpensIt()
    {
        var document = XmlSpliceDocument.Parse("<configuration>\n  <packageSourceMapping />\n</configuration>\n");
        document.AppendChild(document.Root.Children[0], "<packageSource key=\"a\" />");
        Assert.Equal("<configuration>\n  <packageSourceMapping>\n    <packageSource key=\"a\" />\n  </packageSourceMapping>\n</configuration>\n", document.ToText());
    }

    [Fact]
    public void SetTextContent_And_SetAttribute_EscapeMarkup_SoAValueCannotInjectElements()
    {
        var document = XmlSpliceDocument.Parse("<Project><P>false</P><I Include=\"a\" /></Project>");
        document.SetTextContent(document.Root.Children[0], "</P><Evil/>");
        document.SetAttribute(document.Root.Children[1], "Version", "\"/><Evil/>");
        var reparsed = XmlSpliceDocument.Parse(document.ToText());
        Assert.Equal(new[] { "P", "I" }, reparsed.Root.Children.Select(c => c.Name));
        Assert.Equal("</P><Evil/>", reparsed.Root.Children[0].TextValue);
        Assert.Equal("\"/><Evil/>", reparsed.Root.Children[1].Attribute("Version"));
    }

    [Fact]
    public void Parse_RefusesADocumentTypeDefinition()
        => Assert.ThrowsAny<System.Xml.XmlException>(() => XmlSpliceDocument.Parse("<!DOCTYPE p [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Project>&x;</Project>"));

    [Fact]
    public void PrependChild_PutsTheElementFirst_OnItsOwnLine()
    {
        var document = XmlSpliceDocument.Parse("<Project Sdk=\"Microsoft.NET.Sdk\">\n  <PropertyGroup />\n</Project>\n");
        document.PrependChild(document.Root, "<Sdk Name=\"S\" />");
        Assert.Equal("<Project Sdk=\"Microsoft.NET.Sdk\">\n  <Sdk Name=\"S\" />\n  <PropertyGroup />\n</Project>\n", document.ToText());
    }
}
