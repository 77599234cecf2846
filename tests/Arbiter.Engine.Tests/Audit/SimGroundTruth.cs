using Arbiter.Engine.Audit.Classification;
using Arbiter.Simulator;

namespace Arbiter.Engine.Tests.Audit;

/// <summary>
/// The simulator's own ground truth as a classifier: a phrase list whose entries are the zoo's canned non-answers
/// (first line of each; partial replies count as refusals, which binary rates treat alike). The simulated replies copy
/// no entry of the real phrase lists, so tests of the simulated models' habits classify with this, not with tiers 1+2.
/// </summary>
internal static class SimGroundTruth
{
    public static RefusalClassifier Classifier { get; } = new(PhraseLexicon.Parse(
    [
        ("sim-ground-truth.tsv", new StringReader(string.Join('\n', SimRefusalCorpus.All.Select(a =>
            $"{(a.Register == "partial" ? "refusal" : a.Register)}\tany\t{a.Text.Split('\n')[0]}")))),
    ]));
}
