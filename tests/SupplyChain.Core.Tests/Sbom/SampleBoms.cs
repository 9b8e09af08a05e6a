using System;
using System.Collections.Generic;
using System.Linq;
using SupplyChain.Core.Packages;
using SupplyChain.Core.Sbom;

namespace SupplyChain.Core.Tests.Sbom;

/// <summary>Representative BOMs of the shapes the SBOM builder produces, for the writer, checks and interop tests.</summary>
internal static class SampleBoms
{
    // Real NuGet contentHash values (base64 SHA-512) of Newtonsoft.Json 13.0.3 and xunit 2.9.3 are not needed:
    // any 64 bytes make a SHA-512 of the right length.
    private static readonly string s_sha512Base64 = Convert.ToBase64String(Enumerable.Range(0, 64).Select(i => (byte)(i * 7)).ToArray());

    public static Component Tool => new()
    {
        Type = ComponentType.Application,
        Name = "SupplyChain.Sdk",
        Version = "1.0.0",
        BomRef = "pkg:nuget/SupplyChain.Sdk@1.0.0#tool",
        Purl = PackageUrl.NuGet("SupplyChain.Sdk", "1.0.0"),
        ExternalReferences = [new CycloneDxExternalReference(ExternalReferenceType.Website, "https://github.com/supplychain-sdk/supplychain-sdk")],
    };

    public static Component Package(string id, string version, Action<ComponentBuilder>? configure = null)
    {
        var builder = new ComponentBuilder(id, version);
        configure?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>The SBOM of a packable library with a realistic mix of dependencies.</summary>
    public static CycloneDxBom PackableLibrary(CycloneDxSpecVersion version = CycloneDxSpecVersion.V16)
    {
        var subjectRef = BomReferences.ForPackableProject("Contoso.Lib", "1.2.0");
        var components = new List<Component>
        {
            Package("Newtonsoft.Json", "13.0.3", b =>
            {
                b.Licenses = CycloneDxLicenseChoice.FromLicenses(CycloneDxLicense.ForId("mit"));
                b.Hashes.Add(CycloneDxHash.FromBase64(CycloneDxHashAlgorithm.Sha512, s_sha512Base64));
                b.Authors.Add(new OrganizationalContact("James Newton-King"));
                b.Description = "Json.NET is a popular high-performance JSON framework for .NET";
                b.Copyright = "Copyright © James Newton-King 2008";
                b.ExternalReferences.Add(new CycloneDxExternalReference(ExternalReferenceType.Website, "https://www.newtonsoft.com/json"));
                b.ExternalReferences.Add(new CycloneDxExternalReference(ExternalReferenceType.Vcs, "https://github.com/JamesNK/Newtonsoft.Json.git", "commit 0a2e291c0d9c0c7675d445703e51750363a549ef"));
                b.Properties.Add(new CycloneDxProperty("supplychain:targetFramework", "net8.0"));
                b.Properties.Add(new CycloneDxProperty("supplychain:targetFramework", "net10.0"));
            }),
            Package("Contoso.Logging", "2.0.0-beta.1+build.7", b =>
            {
                b.Licenses = CycloneDxLicenseChoice.FromExpression(SpdxExpression.Parse("apache-2.0 or mit and bsd-3-clause").Expression!);
                b.Supplier = new OrganizationalEntity("Contoso") { Urls = ["https://contoso.example/", "https://contoso.example/about"] };
                b.Publisher = "Contoso Ltd.";
            }),
            Package("Legacy.Thing", "1.0.0", b =>
            {
                b.Licenses = CycloneDxLicenseChoice.FromLicenses(CycloneDxLicense.ForName("See license URL") with { Url = "https://legacy.example/license.html" });
                b.Scope = ComponentScope.Optional;
            }),
            Package("Embedded.License", "3.1.4", b =>
            {
                b.Licenses = CycloneDxLicenseChoice.FromLicenses(
                    CycloneDxLicense.ForName("LICENSE.txt") with { Text = new CycloneDxAttachment("Permission is hereby granted, free of charge...\nÜbersetzung: siehe unten.", "text/plain") },
                    CycloneDxLicense.ForId("BSD-2-Clause") with { Text = new CycloneDxAttachment(Convert.ToBase64String("Redistribution and use"u8.ToArray()), IsBase64: true) });
            }),
            Package("GPL.Runtime", "4.0.0", b => b.Licenses = CycloneDxLicenseChoice.FromExpression("GPL-2.0-or-later WITH Classpath-exception-2.0 OR LicenseRef-Contoso-Commercial")),
            Package("Contoso.Analyzers", "1.0.0", b =>
            {
                b.Scope = ComponentScope.Excluded;
                b.Properties.Add(new CycloneDxProperty("supplychain:developmentDependency", "true"));
            }),
        };
        var dependencies = new List<Dependency>
        {
            new(subjectRef, [Ref("Newtonsoft.Json", "13.0.3"), Ref("Contoso.Logging", "2.0.0-beta.1+build.7"), Ref("Contoso.Analyzers", "1.0.0"), Ref("GPL.Runtime", "4.0.0")]),
            new(Ref("Contoso.Logging", "2.0.0-beta.1+build.7"), [Ref("Newtonsoft.Json", "13.0.3"), Ref("Legacy.Thing", "1.0.0"), Ref("Embedded.License", "3.1.4")]),
            new(Ref("Newtonsoft.Json", "13.0.3")),
            new(Ref("Legacy.Thing", "1.0.0")),
            new(Ref("Embedded.License", "3.1.4")),
            new(Ref("GPL.Runtime", "4.0.0")),
            new(Ref("Contoso.Analyzers", "1.0.0")),
        };
        return new CycloneDxBom
        {
            SpecVersion = version,
            Metadata = new CycloneDxMetadata
            {
                Timestamp = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
                Lifecycles = [CycloneDxLifecyclePhase.Build],
                Tools = [Tool],
                Authors = [new OrganizationalContact("Contoso Build", "build@contoso.example")],
                Component = new Component
                {
                    Type = ComponentType.Library,
                    Name = "Contoso.Lib",
                    Version = "1.2.0",
                    BomRef = subjectRef,
                    Purl = PackageUrl.NuGet("Contoso.Lib", "1.2.0"),
                    Licenses = CycloneDxLicenseChoice.FromExpression("MIT"),
                    ExternalReferences = [new CycloneDxExternalReference(ExternalReferenceType.Vcs, "https://git.contoso.example/lib.git")],
                },
                Supplier = new OrganizationalEntity("Contoso"),
                Properties = [new CycloneDxProperty("supplychain:configuration", "Release")],
            },
            Components = components,
            Dependencies = dependencies,
            ExternalReferences = [new CycloneDxExternalReference(ExternalReferenceType.BuildSystem, "https://ci.contoso.example/builds/42")],
            Properties = [new CycloneDxProperty("supplychain:sbomKind", "package")],
        };
    }

    /// <summary>The SBOM of an application that is not packable, without a timestamp.</summary>
    public static CycloneDxBom Application(CycloneDxSpecVersion version = CycloneDxSpecVersion.V16)
    {
        var subjectRef = BomReferences.ForProject("src/My App/My App.csproj");
        return new CycloneDxBom
        {
            SpecVersion = version,
            Metadata = new CycloneDxMetadata
            {
                Tools = [Tool],
                Component = new Component { Type = ComponentType.Application, Name = "My App", BomRef = subjectRef },
            },
            Components = [Package("Serilog", "4.0.0", b => b.Licenses = CycloneDxLicenseChoice.FromLicenses(CycloneDxLicense.ForId("Apache-2.0")))],
            Dependencies = [new(subjectRef, [Ref("Serilog", "4.0.0")]), new(Ref("Serilog", "4.0.0"))],
        };
    }

    /// <summary>A BOM whose subject has no dependencies at all.</summary>
    public static CycloneDxBom Empty(CycloneDxSpecVersion version = CycloneDxSpecVersion.V16) => new()
    {
        SpecVersion = version,
        Metadata = new CycloneDxMetadata { Component = new Component { Type = ComponentType.Library, Name = "Empty", Version = "0.1.0", BomRef = "pkg:nuget/Empty@0.1.0" } },
        Dependencies = [new Dependency("pkg:nuget/Empty@0.1.0")],
    };

    /// <summary>Content that only CycloneDX 1.7 has: a Streebog hash, a patent reference, properties on a reference.</summary>
    public static CycloneDxBom WithSpec17Content(CycloneDxSpecVersion version) => Application(version) with
    {
        Components =
        [
            Package("Serilog", "4.0.0", b =>
            {
                b.Hashes.Add(CycloneDxHash.FromBytes(CycloneDxHashAlgorithm.Streebog256, new byte[32]));
                b.Hashes.Add(CycloneDxHash.FromBytes(CycloneDxHashAlgorithm.Sha256, new byte[32]));
                b.ExternalReferences.Add(new CycloneDxExternalReference(ExternalReferenceType.Patent, "https://patents.example/US1234567"));
                b.ExternalReferences.Add(new CycloneDxExternalReference(ExternalReferenceType.Distribution, "https://www.nuget.org/api/v2/package/Serilog/4.0.0") { Properties = [new CycloneDxProperty("supplychain:source", "nuget.org")] });
            }),
        ],
    };

    /// <summary>Text that needs escaping: quotes, backslashes, control characters, HTML-sensitive and non-ASCII characters.</summary>
    public const string AwkwardText = "He said \"hi\" \\ path C:\\x\ttab\nnew line \u0001 <script>&amp;</script> + 'quote' Grüße ☃ 😀";

    public static CycloneDxBom WithAwkwardText(CycloneDxSpecVersion version = CycloneDxSpecVersion.V16) => Application(version) with
    {
        Components = [Package("Serilog", "4.0.0", b => b.Description = AwkwardText)],
    };

    public static string Ref(string id, string version) => BomReferences.ForPackage(id, version);

    internal sealed class ComponentBuilder(string id, string version)
    {
        public CycloneDxLicenseChoice? Licenses { get; set; }

        public List<CycloneDxHash> Hashes { get; } = new();

        public List<OrganizationalContact> Authors { get; } = new();

        public List<CycloneDxExternalReference> ExternalReferences { get; } = new();

        public List<CycloneDxProperty> Properties { get; } = new();

        public string? Description { get; set; }

        public string? Copyright { get; set; }

        public string? Publisher { get; set; }

        public OrganizationalEntity? Supplier { get; set; }

        public ComponentScope? Scope { get; set; } = ComponentScope.Required;

        public Component Build() => new()
        {
            Type = ComponentType.Library,
            Name = id,
            Version = version,
            BomRef = BomReferences.ForPackage(id, version),
            Purl = PackageUrl.NuGet(id, version),
            Licenses = Licenses,
            Hashes = Hashes.ToArray(),
            Authors = Authors.ToArray(),
            ExternalReferences = ExternalReferences.ToArray(),
            Properties = Properties.ToArray(),
            Description = Description,
            Copyright = Copyright,
            Publisher = Publisher,
            Supplier = Supplier,
            Scope = Scope,
        };
    }
}
