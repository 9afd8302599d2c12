namespace FlowDsl.Mnist.Training;

/// <summary>One evaluation point: after <paramref name="Step"/> SGD steps (<paramref name="Seconds"/> of wall time).</summary>
/// <param name="Step">SGD steps done.</param>
/// <param name="Seconds">Wall time since the start of training, evaluations excluded.</param>
/// <param name="TrainRisk">Mean minibatch risk over the steps since the previous point.</param>
/// <param name="TestRisk">Mean risk on the test set.</param>
/// <param name="TestAccuracy">Fraction of test digits classified correctly.</param>
public sealed record TrainingPoint(int Step, double Seconds, double TrainRisk, double TestRisk, double TestAccuracy);

/// <summary>The result of a training run: the final parameters and the learning curve.</summary>
/// <param name="Parameters">The trained x.</param>
/// <param name="Points">Evaluation points in step order.</param>
public sealed record TrainingHistory(double[] Parameters, IReadOnlyList<TrainingPoint> Points)
{
    /// <summary>The last evaluation point.</summary>
    public TrainingPoint Final => Points[^1];
}
