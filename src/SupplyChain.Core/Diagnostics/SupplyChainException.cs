using System;

namespace SupplyChain.Core.Diagnostics;

/// <summary>
/// A failure that carries a catalog diagnostic: unreadable input, a configuration the user must fix.
/// Hosts report <see cref="Diagnostic"/> as it is; any other exception is an internal error (SCSDK9001).
/// This is the one root of finding exceptions: a feature's own exception family (e.g. the TUF repository faults)
/// derives from it, so a host catches only this type.
/// </summary>
public class SupplyChainException : Exception
{
    /// <summary>Creates the exception for a finding.</summary>
    public SupplyChainException(Diagnostic diagnostic)
        : base(diagnostic.Message)
    {
        Diagnostic = diagnostic;
    }

    /// <summary>Creates the exception for a finding caused by another exception.</summary>
    public SupplyChainException(Diagnostic diagnostic, Exception? innerException)
        : base(diagnostic.Message, innerException)
    {
        Diagnostic = diagnostic;
    }

    /// <summary>The finding to report.</summary>
    public Diagnostic Diagnostic { get; }

    /// <summary>Creates the exception for a catalog entry with its arguments.</summary>
    public static SupplyChainException Create(DiagnosticDescriptor descriptor, string? file, int line, params object?[] args)
        => new(Diagnostic.Create(descriptor, file, line, args));
}
