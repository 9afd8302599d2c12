using System.Text.Json;
using FlowDsl.Digits.Reading;
using Microsoft.AspNetCore.Http.Features;

namespace FlowDsl.Digits.Hosting;

/// <summary>The web app: the page (served from the assembly), /api/info and the two prediction endpoints.</summary>
public static class DigitsApp
{
    /// <summary>Where the app listens unless told otherwise: loopback only.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5180";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Builds (does not start) the app serving <paramref name="network"/> on <paramref name="urls"/> (";"-separated).</summary>
    public static WebApplication Build(TrainedNetwork network, string urls)
    {
        ArgumentNullException.ThrowIfNull(network);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseUrls(urls);
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = PredictionLimits.MaxBodyBytes);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();

        PageFiles.Map(app);
        app.MapGet("/api/info", () => new
        {
            Model = $"{nameof(FlowDsl.Models.MnistMlpWide)} (784-64-32-10, sigmoid, quadratic loss)",
            Parameters = network.Reader.Parameters.Length,
            network.Source,
            network.TestAccuracy,
            network.TestDigits,
        });
        app.MapPost("/api/predict", (HttpRequest http) => Answer<DrawingRequest>(http, PredictionLimits.Check, request =>
            MnistPreprocessing.Normalize(request.Ink!, request.Width, request.Height)));
        app.MapPost("/api/predict/mnist", (HttpRequest http) => Answer<ImageRequest>(http, PredictionLimits.Check, request => request.Pixels));

        async Task<IResult> Answer<TRequest>(HttpRequest http, Func<TRequest, string?> check, Func<TRequest, double[]?> image)
            where TRequest : class
        {
            if (http.ContentLength > PredictionLimits.MaxBodyBytes) return TooLarge();
            TRequest? request;
            try
            {
                request = await JsonSerializer.DeserializeAsync<TRequest>(http.Body, Json, http.HttpContext.RequestAborted);
            }
            catch (JsonException e)
            {
                return Error(StatusCodes.Status400BadRequest, $"The body is not the expected JSON: {e.Message}");
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                return TooLarge();
            }
            if (request is null) return Error(StatusCodes.Status400BadRequest, "The body is JSON null.");
            if (check(request) is { } problem) return Error(StatusCodes.Status400BadRequest, problem);
            if (image(request) is not { } pixels)
                return Error(StatusCodes.Status422UnprocessableEntity, "The drawing has no ink: draw a digit first.");
            var reading = network.Reader.Read(pixels);
            return Results.Ok(new PredictionResponse(reading.Digit, reading.Probabilities, reading.Outputs, pixels));
        }

        return app;
    }

    private static IResult TooLarge() =>
        Error(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than the limit of {PredictionLimits.MaxBodyBytes} bytes.");

    private static IResult Error(int status, string message) => Results.Json(new ErrorResponse(message), statusCode: status);
}
