namespace SupplyChain.Core.Diagnostics;

public static partial class DiagnosticCatalog
{
    /// <summary>SCSDK6000: an MSBuild property or option has a value we do not understand.</summary>
    public static readonly DiagnosticDescriptor Configuration_InvalidValue = Error(
        "SCSDK6000",
        nameof(Configuration_InvalidValue),
        "The value '{1}' of '{0}' is not valid; use one of: {2}.");

    /// <summary>SCSDK6001: an input file exists but cannot be read.</summary>
    public static readonly DiagnosticDescriptor Input_Unreadable = Error(
        "SCSDK6001",
        nameof(Input_Unreadable),
        "The file '{0}' cannot be read: {1}. Check that it exists and that the build may read it.");

    /// <summary>SCSDK6002: a path given on the command line or in a property does not exist.</summary>
    public static readonly DiagnosticDescriptor Input_NotFound = Error(
        "SCSDK6002",
        nameof(Input_NotFound),
        "The path '{0}' does not exist. Check the path given to {1}.");

    /// <summary>SCSDK6003: the SARIF report of the build cannot be written.</summary>
    public static readonly DiagnosticDescriptor Report_WriteFailed = Error(
        "SCSDK6003",
        nameof(Report_WriteFailed),
        "The SARIF report '{0}' cannot be written: {1}. Check that SupplyChainSarifOutput names a file in a writable folder; builds that share the file wait for each other up to {2} s.");

    /// <summary>SCSDK6501: the .NET Framework MSBuild of Visual Studio without a .NET task host.</summary>
    public static readonly DiagnosticDescriptor Environment_NetFrameworkMSBuild = Warning(
        "SCSDK6501",
        nameof(Environment_NetFrameworkMSBuild),
        "SupplyChain.Sdk checks were skipped because this MSBuild ({0}) runs on .NET Framework and cannot run .NET tasks. The checks run in 'dotnet build' and in CI; use Visual Studio 2026 or later to run them in the IDE.");
}
