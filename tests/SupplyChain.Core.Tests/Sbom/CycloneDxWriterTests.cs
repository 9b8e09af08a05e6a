using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupplyChain.Core.Sbom;

namespace SupplyChain.Core.Tests.Sbom;

public class CycloneDxWriterTests
{
    private static readonly Regex s_serialPattern = new("^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");

    [Fact]
    public void Write_SmallBom_MatchesExactText()
    {
        var bom = new CycloneDxBom
        {
            Metadata = new CycloneDxMetadata
            {
                Timestamp = new DateTimeOffset(2024, 5, 6, 9, 8, 7, 654, TimeSpan.FromHours(2)),
                Component = new Component { Type = ComponentType.Library, Name = "Contoso.Lib", Version = "1.0.0", BomRef = "pkg:nuget/Contoso.Lib@1.0.0", Purl = "pkg:nuget/Contoso.Lib@1.0.0" },
            },
            Components =
            [
                new Component
                {
                    Type = ComponentType.Library,
                    Name = "Newtonsoft.Json",
                    Version = "13.0.3",
                    BomRef = "pkg:nuget/Newtonsoft.Json@13.0.3",
                    Purl = "pkg:nuget/Newtonsoft.Json@13.0.3",
                    Scope = ComponentScope.Required,
                    Hashes = [CycloneDxHash.FromBytes(CycloneDxHashAlgorithm.Sha256, new byte[32])],
                    Licenses = CycloneDxLicenseChoice.FromLicenses(CycloneDxLicense.ForId("MIT")),
                    Properties = [new CycloneDxProperty("b", "2"), new CycloneDxProperty("a", null)],
                },
            ],
            Dependencies = [new Dependency("pkg:nuget/Newtonsoft.Json@13.0.3"), new Dependency("pkg:nuget/Contoso.Lib@1.0.0", ["pkg:nuget/Newtonsoft.Json@13.0.3"])],
        };

        var text = Encoding.UTF8.GetString(CycloneDxWriter.Write(bom));

        var expected = """
            {
              "$schema": "http://cyclonedx.org/schema/bom-1.6.schema.json",
              "bomFormat": "CycloneDX",
              "specVersion": "1.6",
              "serialNumber": "SERIAL",
              "version": 1,
              "metadata": {
                "timestamp": "2024-05-06T07:08:07Z",
                "component": {
                  "type": "library",
                  "bom-ref": "pkg:nuget/Contoso.Lib@1.0.0",
                  "name": "Contoso.Lib",
                  "version": "1.0.0",
                  "purl": "pkg:nuget/Contoso.Lib@1.0.0"
                }
              },
              "components": [
                {
                  "type": "library",
                  "bom-ref": "pkg:nuget/Newtonsoft.Json@13.0.3",
                  "name": "Newtonsoft.Json",
                  "version": "13.0.3",
                  "scope": "required",
                  "hashes": [
                    {
                      "alg": "SHA-256",
                      "content": "0000000000000000000000000000000000000000000000000000000000000000"
                    }
                  ],
                  "licenses": [
                    {
                      "license": {
                        "id": "MIT"
                      }
                    }
                  ],
                  "purl": "pkg:nuget/Newtonsoft.Json@13.0.3",
                  "properties": [
                    {
                      "name": "a"
                    },
                    {
                      "name": "b",
                      "value": "2"
                    }
                  ]
                }
              ],
              "dependencies": [
                {
                  "ref": "pkg:nuget/Contoso.Lib@1.0.0",
                  "dependsOn": [
                    "pkg:nuget/Newtonsoft.Json@13.0.3"
                  ]
                },
                {
                  "ref": "pkg:nuget/Newtonsoft.Json@13.0.3",
                  "dependsOn": []
                }
              ]
            }

            """.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("SERIAL", CycloneDxWriter.ComputeSerialNumber(bom), StringComparison.Ordinal);
        Assert.Equal(expected, text);
    }

    [Fact]
    public void Write_SameContentBuiltInAnotherOrder_IsByteIdentical()
    {
        var bom = SampleBoms.PackableLibrary();
        var reversed = ReverseAll(bom);

        Assert.NotEqual(bom.Components[0].Name, reversed.Components[0].Name);
        Assert.Equal(CycloneDxWriter.Write(bom), CycloneDxWriter.Write(reversed));
        Assert.Equal(CycloneDxWriter.Write(bom), CycloneDxWriter.Write(SampleBoms.PackableLibrary()));
    }

    [Fact]
    public void Write_Components_AreSortedByBomRefOrdinal()
    {
        var bom = SampleBoms.PackableLibrary();
        using var document = JsonDocument.Parse(CycloneDxWriter.Write(bom));
        var references = document.RootElement.GetProperty("components").EnumerateArray().Select(c => c.GetProperty("bom-ref").GetString()!).ToArray();
        var dependencyRefs = document.RootElement.GetProperty("dependencies").EnumerateArray().Select(d => d.GetProperty("ref").GetString()!).ToArray();

        Assert.Equal(references.Order(StringComparer.Ordinal), references);
        Assert.Equal(dependencyRefs.Order(StringComparer.Ordinal), dependencyRefs);
        Assert.Equal(bom.Components.Count, references.Length);
    }

    [Fact]
    public void Write_DependsOn_IsSortedWithoutDuplicates()
    {
        var bom = SampleBoms.Empty() with { Dependencies = [new Dependency("pkg:nuget/Empty@0.1.0", ["b", "a", "b", "C"])] };
        using var document = JsonDocument.Parse(CycloneDxWriter.Write(bom));
        var dependsOn = document.RootElement.GetProperty("dependencies")[0].GetProperty("dependsOn").EnumerateArray().Select(e => e.GetString()!).ToArray();

        Assert.Equal(["C", "a", "b"], dependsOn);
    }

    [Fact]
    public void Write_Hashes_AreInAlgorithmOrder()
    {
        var component = SampleBoms.Package("A", "1.0.0") with
        {
            Hashes =
            [
                CycloneDxHash.FromBytes(CycloneDxHashAlgorithm.Sha512, new byte[64]),
                CycloneDxHash.FromBytes(CycloneDxHashAlgorithm.Sha1, new byte[20]),
                CycloneDxHash.FromBytes(CycloneDxHashAlgorithm.Sha256, new byte[32]),
                CycloneDxHash.FromBytes(CycloneDxHashAlgorithm.Md5, new byte[16]),
            ],
        };
        using var document = JsonDocument.Parse(CycloneDxWriter.Write(new CycloneDxBom { Components = [component] }));
        var algorithms = document.RootElement.GetProperty("components")[0].GetProperty("hashes").EnumerateArray().Select(h => h.GetProperty("alg").GetString()!).ToArray();

        Assert.Equal(["MD5", "SHA-1", "SHA-256", "SHA-512"], algorithms);
    }

    [Fact]
    public void Write_Output_IsUtf8WithoutByteOrderMarkWithLfAndFinalNewline()
    {
        var bytes = CycloneDxWriter.Write(SampleBoms.PackableLibrary());

        Assert.Equal((byte)'{', bytes[0]);
        Assert.DoesNotContain((byte)'\r', bytes);
        Assert.Equal((byte)'\n', bytes[^1]);
        Assert.NotEqual((byte)'\n', bytes[^2]);
        Assert.Equal(bytes, Encoding.UTF8.GetBytes(new UTF8Encoding(false, true).GetString(bytes)));
        Assert.Contains("\n  \"bomFormat\": \"CycloneDX\",\n", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SerialNumber_IsVersion5UuidOfTheDocumentWithoutIt()
    {
        var bom = SampleBoms.PackableLibrary();
        var text = Encoding.UTF8.GetString(CycloneDxWriter.Write(bom));
        using var document = JsonDocument.Parse(text);
        var serial = document.RootElement.GetProperty("serialNumber").GetString()!;

        Assert.Matches(s_serialPattern, serial);
        Assert.Equal(CycloneDxWriter.ComputeSerialNumber(bom), serial);
        var line = $"  \"serialNumber\": \"{serial}\",\n";
        Assert.Contains(line, text, StringComparison.Ordinal);
        var withoutSerial = Encoding.UTF8.GetBytes(text.Replace(line, string.Empty, StringComparison.Ordinal));
        Assert.Equal("urn:uuid:" + CycloneDxWriter.NameBasedUuid(CycloneDxWriter.SerialNumberNamespace, withoutSerial), serial);
    }

    [Fact]
    public void Write_AnyChangeOfContent_ChangesTheSerialNumber()
    {
        var bom = SampleBoms.PackableLibrary();
        var serial = CycloneDxWriter.ComputeSerialNumber(bom);
        var changed = new[]
        {
            bom with { Version = 2 },
            bom with { SpecVersion = CycloneDxSpecVersion.V17 },
            bom with { Metadata = bom.Metadata! with { Timestamp = bom.Metadata.Timestamp!.Value.AddSeconds(1) } },
            bom with { Metadata = bom.Metadata! with { Timestamp = null } },
            bom with { Components = bom.Components.Skip(1).ToArray() },
            bom with { Components = [bom.Components[0] with { Version = "13.0.4" }, .. bom.Components.Skip(1)] },
            bom with { Properties = [new CycloneDxProperty("supplychain:sbomKind", "project")] },
        };

        var serials = changed.Select(CycloneDxWriter.ComputeSerialNumber).Append(serial).ToArray();
        Assert.Equal(serials.Length, serials.Distinct().Count());
        Assert.Equal(serial, CycloneDxWriter.ComputeSerialNumber(ReverseAll(bom)));
    }

    [Theory]
    [InlineData("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "python.org", "886313e1-3b8a-5372-9b90-0c9aee199e5d")]
    [InlineData("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "http://www.example.com/", "fcde3c85-2270-590f-9e7c-ee003d65e0e2")]
    [InlineData("6ba7b811-9dad-11d1-80b4-00c04fd430c8", "https://github.com/supplychain-sdk/supplychain-sdk#cyclonedx-serial-number", "fccc955f-f8e2-5c81-a7a8-ea6c3ef635e6")]
    public void NameBasedUuid_KnownVectors_MatchRfc4122Version5(string namespaceId, string name, string expected)
    {
        Assert.Equal(Guid.Parse(expected), CycloneDxWriter.NameBasedUuid(Guid.Parse(namespaceId), Encoding.UTF8.GetBytes(name)));
    }

    [Fact]
    public void SerialNumberNamespace_IsDerivedAsDocumented()
    {
        var urlNamespace = Guid.Parse("6ba7b811-9dad-11d1-80b4-00c04fd430c8");
        Assert.Equal(CycloneDxWriter.NameBasedUuid(urlNamespace, "https://github.com/supplychain-sdk/supplychain-sdk#cyclonedx-serial-number"u8), CycloneDxWriter.SerialNumberNamespace);
    }

    [Fact]
    public void Write_WithoutTimestamp_WritesNoTimestampAnywhere()
    {
        var text = Encoding.UTF8.GetString(CycloneDxWriter.Write(SampleBoms.Application()));

        Assert.DoesNotContain("timestamp", text, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"\d{4}-\d{2}-\d{2}T"), text);
    }

    [Theory]
    [InlineData("2024-02-29T23:59:59.999+00:00", "2024-02-29T23:59:59Z")]
    [InlineData("2024-03-01T01:30:00+02:00", "2024-02-29T23:30:00Z")]
    [InlineData("1970-01-01T00:00:00Z", "1970-01-01T00:00:00Z")]
    public void Write_Timestamp_IsUtcWholeSeconds(string given, string written)
    {
        var bom = SampleBoms.Application() with { Metadata = SampleBoms.Application().Metadata! with { Timestamp = DateTimeOffset.Parse(given, System.Globalization.CultureInfo.InvariantCulture) } };
        using var document = JsonDocument.Parse(CycloneDxWriter.Write(bom));

        Assert.Equal(written, document.RootElement.GetProperty("metadata").GetProperty("timestamp").GetString());
    }

    [Fact]
    public void Write_Spec16_LeavesOutWhatOnly17Has()
    {
        var text = Encoding.UTF8.GetString(CycloneDxWriter.Write(SampleBoms.WithSpec17Content(CycloneDxSpecVersion.V16)));
        using var document = JsonDocument.Parse(text);
        var component = document.RootElement.GetProperty("components")[0];

        Assert.Equal("1.6", document.RootElement.GetProperty("specVersion").GetString());
        Assert.Equal("http://cyclonedx.org/schema/bom-1.6.schema.json", document.RootElement.GetProperty("$schema").GetString());
        Assert.Equal(["SHA-256"], component.GetProperty("hashes").EnumerateArray().Select(h => h.GetProperty("alg").GetString()));
        var reference = Assert.Single(component.GetProperty("externalReferences").EnumerateArray());
        Assert.Equal("distribution", reference.GetProperty("type").GetString());
        Assert.False(reference.TryGetProperty("properties", out _));
        Assert.DoesNotContain("Streebog", text, StringComparison.Ordinal);
        Assert.DoesNotContain("patent", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Spec17_WritesWhatOnly17Has()
    {
        using var document = JsonDocument.Parse(CycloneDxWriter.Write(SampleBoms.WithSpec17Content(CycloneDxSpecVersion.V17)));
        var component = document.RootElement.GetProperty("components")[0];

        Assert.Equal("1.7", document.RootElement.GetProperty("specVersion").GetString());
        Assert.Equal("http://cyclonedx.org/schema/bom-1.7.schema.json", document.RootElement.GetProperty("$schema").GetString());
        Assert.Equal(["SHA-256", "Streebog-256"], component.GetProperty("hashes").EnumerateArray().Select(h => h.GetProperty("alg").GetString()));
        var references = component.GetProperty("externalReferences").EnumerateArray().ToArray();
        Assert.Equal(["distribution", "patent"], references.Select(r => r.GetProperty("type").GetString()));
        Assert.Equal("supplychain:source", references[0].GetProperty("properties")[0].GetProperty("name").GetString());
    }

    [Fact]
    public void Write_SameBomIn16And17_DiffersOnlyInVersionAndSerial()
    {
        var bom = SampleBoms.PackableLibrary();
        var v16 = Encoding.UTF8.GetString(CycloneDxWriter.Write(bom)).Split('\n');
        var v17 = Encoding.UTF8.GetString(CycloneDxWriter.Write(bom with { SpecVersion = CycloneDxSpecVersion.V17 })).Split('\n');

        Assert.Equal(v16.Length, v17.Length);
        var differing = v16.Zip(v17).Where(pair => pair.First != pair.Second).Select(pair => pair.First.Trim().Split(':')[0]).ToArray();
        Assert.Equal(["\"$schema\"", "\"specVersion\"", "\"serialNumber\""], differing);
    }

    [Fact]
    public void Write_AwkwardText_IsEscapedOnlyAsJsonRequiresAndRoundTrips()
    {
        var bytes = CycloneDxWriter.Write(SampleBoms.WithAwkwardText());
        var text = Encoding.UTF8.GetString(bytes);
        using var document = JsonDocument.Parse(bytes);

        Assert.Equal(SampleBoms.AwkwardText, document.RootElement.GetProperty("components")[0].GetProperty("description").GetString());
        Assert.Contains("He said \\\"hi\\\" \\\\ path C:\\\\x\\ttab\\nnew line \\u0001 <script>&amp;</script> + 'quote' Grüße ☃ ", text, StringComparison.Ordinal);
        Assert.Contains("\\uD83D\\uDE00", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Write_PurlsAndExpressions_KeepPlusAndAngleBracketsReadable()
    {
        var bom = SampleBoms.PackableLibrary();
        var text = Encoding.UTF8.GetString(CycloneDxWriter.Write(bom));

        Assert.Contains("\"purl\": \"pkg:nuget/Contoso.Logging@2.0.0-beta.1%2Bbuild.7\"", text, StringComparison.Ordinal);
        Assert.Contains("\"expression\": \"Apache-2.0 OR (MIT AND BSD-3-Clause)\"", text, StringComparison.Ordinal);
        Assert.Contains("Copyright © James Newton-King 2008", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_LicenseChoices_HaveTheTwoShapesOfTheSchema()
    {
        using var document = JsonDocument.Parse(CycloneDxWriter.Write(SampleBoms.PackableLibrary()));
        var byName = document.RootElement.GetProperty("components").EnumerateArray().Where(c => c.TryGetProperty("licenses", out _)).ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("licenses"));

        var expression = Assert.Single(byName["GPL.Runtime"].EnumerateArray());
        Assert.Equal("GPL-2.0-or-later WITH Classpath-exception-2.0 OR LicenseRef-Contoso-Commercial", expression.GetProperty("expression").GetString());
        Assert.Equal(["expression"], expression.EnumerateObject().Select(p => p.Name));

        var ids = byName["Newtonsoft.Json"].EnumerateArray().Select(l => l.GetProperty("license").GetProperty("id").GetString()!).ToArray();
        Assert.Equal(["MIT"], ids);

        var embedded = byName["Embedded.License"].EnumerateArray().Select(l => l.GetProperty("license")).ToArray();
        Assert.Equal(2, embedded.Length);
        Assert.Equal("LICENSE.txt", embedded[0].GetProperty("name").GetString());
        Assert.Equal("text/plain", embedded[0].GetProperty("text").GetProperty("contentType").GetString());
        Assert.False(embedded[0].GetProperty("text").TryGetProperty("encoding", out _));
        Assert.Equal("BSD-2-Clause", embedded[1].GetProperty("id").GetString());
        Assert.Equal("base64", embedded[1].GetProperty("text").GetProperty("encoding").GetString());

        var named = Assert.Single(byName["Legacy.Thing"].EnumerateArray()).GetProperty("license");
        Assert.Equal(["name", "url"], named.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Write_EmptyBom_WritesComponentsAndDependenciesAndNoEmptyOptionalLists()
    {
        var text = Encoding.UTF8.GetString(CycloneDxWriter.Write(SampleBoms.Empty()));
        using var document = JsonDocument.Parse(text);

        Assert.Equal(0, document.RootElement.GetProperty("components").GetArrayLength());
        Assert.Equal(0, document.RootElement.GetProperty("dependencies")[0].GetProperty("dependsOn").GetArrayLength());
        Assert.False(document.RootElement.TryGetProperty("properties", out _));
        Assert.False(document.RootElement.TryGetProperty("externalReferences", out _));
        Assert.DoesNotContain("\"hashes\"", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_BomVersionBelowOne_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => CycloneDxWriter.Write(SampleBoms.Empty() with { Version = 0 }));
    }

    private static IReadOnlyList<T> Reverse<T>(IEnumerable<T> items) => items.Reverse().ToArray();

    internal static CycloneDxBom ReverseAll(CycloneDxBom bom) => bom with
    {
        Metadata = bom.Metadata is null ? null : bom.Metadata with
        {
            Lifecycles = Reverse(bom.Metadata.Lifecycles),
            Tools = Reverse(bom.Metadata.Tools.Select(ReverseAll)),
            Authors = Reverse(bom.Metadata.Authors),
            Component = bom.Metadata.Component is null ? null : ReverseAll(bom.Metadata.Component),
            Supplier = ReverseAll(bom.Metadata.Supplier),
            Properties = Reverse(bom.Metadata.Properties),
        },
        Components = Reverse(bom.Components.Select(ReverseAll)),
        Dependencies = Reverse(bom.Dependencies.Select(d => d with { DependsOn = Reverse(d.DependsOn) })),
        ExternalReferences = Reverse(bom.ExternalReferences.Select(r => r with { Properties = Reverse(r.Properties) })),
        Properties = Reverse(bom.Properties),
    };

    private static Component ReverseAll(Component component) => component with
    {
        Supplier = ReverseAll(component.Supplier),
        Authors = Reverse(component.Authors),
        Hashes = Reverse(component.Hashes),
        Licenses = component.Licenses is { Licenses.Count: > 1 } licenses ? CycloneDxLicenseChoice.FromLicenses(licenses.Licenses.Reverse()) : component.Licenses,
        ExternalReferences = Reverse(component.ExternalReferences.Select(r => r with { Properties = Reverse(r.Properties) })),
        Components = Reverse(component.Components.Select(ReverseAll)),
        Properties = Reverse(component.Properties),
    };

    private static OrganizationalEntity? ReverseAll(OrganizationalEntity? entity) => entity is null ? null : entity with { Urls = Reverse(entity.Urls) };
}
