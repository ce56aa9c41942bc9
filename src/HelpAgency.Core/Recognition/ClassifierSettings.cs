namespace HelpAgency.Core.Recognition;

/// <summary>How the intent classifier is trained; the defaults suit a few thousand short examples.</summary>
public sealed record ClassifierSettings
{
    public int Epochs { get; init; } = 30;

    public double LearningRate { get; init; } = 1.0;

    /// <summary>L2 penalty; keeps the confidences from running to 1 on everything seen.</summary>
    public double L2 { get; init; } = 5e-5;

    public int Seed { get; init; } = 20221930;
}
