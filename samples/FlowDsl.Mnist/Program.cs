Console.WriteLine("FlowDsl.Mnist: not implemented yet.");
return 1;
