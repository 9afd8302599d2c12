using FlowDsl.Digits.Hosting;
using FlowDsl.Digits.Reading;
using Microsoft.AspNetCore.Builder;

namespace FlowDsl.Digits.Tests;

/// <summary>The demo with its shipped weights, started once on a free loopback port for all the HTTP and browser tests.</summary>
public sealed class DigitsAppFixture : IAsyncLifetime
{
    private WebApplication? _app;

    public TrainedNetwork Network { get; private set; } = null!;

    /// <summary>http://127.0.0.1:port</summary>
    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Network = TrainedNetwork.LoadOrTrain(weights: null, train: null, TextWriter.Null);
        _app = DigitsApp.Build(Network, "http://127.0.0.1:0");
        await _app.StartAsync();
        Address = new Uri(_app.Urls.Single());
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class DigitsAppCollection : ICollectionFixture<DigitsAppFixture>
{
    public const string Name = "Digits app";
}
