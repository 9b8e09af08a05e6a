using System;
using System.Collections.Generic;
using System.IO;
using SupplyChain.Core.Diagnostics;

namespace SupplyChain.Tool;

/// <summary>What every command gets: its output writers, the project evaluator, and one way to run and map failures.</summary>
internal sealed class CommandContext
{
    public CommandContext(TextWriter output, TextWriter error, Func<string, IEnumerable<string>, IEnumerable<string>, ProjectEvaluation>? evaluate = null)
    {
        Out = output;
        Error = error;
        Evaluate = evaluate ?? ((project, properties, items) => ProjectEvaluator.EvaluateAnyWay(project, properties, items, TimeSpan.FromMinutes(2)));
    }

    public TextWriter Out { get; }

    public TextWriter Error { get; }

    public bool Verbose { get; set; }

    public Func<string, IEnumerable<string>, IEnumerable<string>, ProjectEvaluation> Evaluate { get; }

    /// <summary>
    /// Called after every durable write of a TUF repository verb (<see cref="Core.Tuf.Repository.RepositoryOptions.AfterWrite"/>).
    /// Only code that builds the context sets it (the crash tests' host); the shipped tool never does, and nothing
    /// outside the process (no variable, no option) reaches it.
    /// </summary>
    public Action<Core.Tuf.Repository.RepositoryWrite>? AfterRepositoryWrite { get; init; }

    /// <summary>
    /// Runs a command body: a <see cref="SupplyChainException"/> becomes its diagnostic and exit code 2;
    /// any other exception is an internal error (SCSDK9001), also exit code 2, with the stack only when verbose.
    /// </summary>
    public int Run(Func<ConsoleDiagnosticSink, ExitCode> body)
    {
        var sink = new ConsoleDiagnosticSink(Error, Verbose ? Error : null);
        try
        {
            return (int)body(sink);
        }
        catch (Core.Tuf.TufRepositoryException ex)
        {
            // TUF metadata that does not verify: a verification failure (caught before its root, SupplyChainException).
            sink.Report(ex.Diagnostic);
            return (int)ExitCode.VerificationFailed;
        }
        catch (SupplyChainException ex)
        {
            sink.Report(ex.Diagnostic);
            return (int)ExitCode.UsageOrInput;
        }
        catch (Exception ex)
        {
            sink.Report(Diagnostic.Create(DiagnosticCatalog.Internal_UnexpectedException, null, 0, "supplychain", ex.GetType().FullName, ex.Message));
            sink.Trace(ex.ToString());
            return (int)ExitCode.UsageOrInput;
        }
    }
}
