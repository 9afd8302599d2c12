Console.WriteLine("FlowDsl.MeanField: not implemented yet.");
return 1;
