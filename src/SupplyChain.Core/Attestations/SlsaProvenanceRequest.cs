using System;
using System.Collections.Generic;

namespace SupplyChain.Core.Attestations;

/// <summary>What a SLSA provenance v1 predicate of one <c>dotnet pack</c> says; see <see cref="SlsaProvenanceBuilder"/>.</summary>
public sealed record SlsaProvenanceRequest
{
    /// <summary>The project file, relative to the repository root ('/' separators), or its file name when no root is known.</summary>
    public required string ProjectPath { get; init; }

    /// <summary>The build configuration (<c>Release</c>), or null.</summary>
    public string? Configuration { get; init; }

    /// <summary>The package id.</summary>
    public required string PackageId { get; init; }

    /// <summary>The package version.</summary>
    public required string PackageVersion { get; init; }

    /// <summary>The source repository URL, or null. Credentials in it are removed before it is written.</summary>
    public string? RepositoryUrl { get; init; }

    /// <summary>The source commit (hex object id), or null.</summary>
    public string? RepositoryCommit { get; init; }

    /// <summary>The source ref (<c>refs/heads/main</c>; a branch name is taken as <c>refs/heads/NAME</c>), or null.</summary>
    public string? RepositoryRef { get; init; }

    /// <summary>The .NET SDK version (<c>$(NETCoreSdkVersion)</c>), or null.</summary>
    public string? DotNetSdkVersion { get; init; }

    /// <summary>The MSBuild version (<c>$(MSBuildVersion)</c>), or null.</summary>
    public string? MSBuildVersion { get; init; }

    /// <summary>The version of SupplyChain.Sdk that wrote the provenance, or null.</summary>
    public string? SupplyChainSdkVersion { get; init; }

    /// <summary>The operating system the build ran on (description), or null.</summary>
    public string? OperatingSystem { get; init; }

    /// <summary>The OS architecture (<c>X64</c>, <c>Arm64</c>), or null.</summary>
    public string? OperatingSystemArchitecture { get; init; }

    /// <summary>The NuGet packages the build resolved (see <see cref="SlsaProvenanceBuilder.ResolveNuGetPackages"/>).</summary>
    public IReadOnlyList<ResourceDescriptor> Packages { get; init; } = Array.Empty<ResourceDescriptor>();

    /// <summary>The builder and invocation (<see cref="BuilderIdentity.Detect"/>).</summary>
    public required BuilderIdentity Builder { get; init; }

    /// <summary>When the build started.</summary>
    public required DateTimeOffset StartedOn { get; init; }

    /// <summary>When the build finished (the package was written and is being attested).</summary>
    public required DateTimeOffset FinishedOn { get; init; }
}
