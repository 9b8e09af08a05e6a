namespace SupplyChain.Core.Diagnostics;

public static partial class DiagnosticCatalog
{
    /// <summary>SCSDK9001: an exception nobody foresaw; a bug in SupplyChain.Sdk.</summary>
    public static readonly DiagnosticDescriptor Internal_UnexpectedException = Error(
        "SCSDK9001",
        nameof(Internal_UnexpectedException),
        "SupplyChain.Sdk failed unexpectedly in {0}: {1}: {2}. This is a bug in SupplyChain.Sdk; please report it with the build log (run with -v:diag to see the stack).");
}
