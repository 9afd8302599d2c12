Console.WriteLine("FlowDsl.Study: not implemented yet.");
return 1;
