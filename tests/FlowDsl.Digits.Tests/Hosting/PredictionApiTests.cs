using System.Net;
using System.Net.Http.Json;
using System.Text;
using FlowDsl.Digits.Hosting;
using FlowDsl.Mnist;

namespace FlowDsl.Digits.Tests.Hosting;

/// <summary>The HTTP answers: the page and its files, a reading, and a 4xx with a one-line message for every bad request.</summary>
[Collection(DigitsAppCollection.Name)]
public sealed class PredictionApiTests(DigitsAppFixture app) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = app.Address };

    public void Dispose() => _http.Dispose();

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/app.js", "text/javascript")]
    [InlineData("/app.css", "text/css")]
    public async Task The_page_is_served_by_the_app(string path, string type)
    {
        var response = await _http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("http://", text);
        Assert.DoesNotContain("https://", text);
    }

    [Fact]
    public async Task A_drawn_digit_is_read_through_the_preprocessing()
    {
        // A shipped test digit, enlarged 5× into a 140×140 canvas grid at an off-centre position, as the page would send it:
        // the network must see exactly what the preprocessing makes of the 28×28 original (area averaging undoes the enlargement).
        var (image, _) = TestDigit(0);
        var ink = new double[140 * 140];
        for (var y = 0; y < 140; y++)
            for (var x = 0; x < 140; x++)
                if (y >= 10 && x >= 3 && (y - 10) / 5 < 28 && (x - 3) / 5 < 28) ink[y * 140 + x] = image[(y - 10) / 5 * 28 + (x - 3) / 5];
        var response = await _http.PostAsJsonAsync("/api/predict", new { width = 140, height = 140, ink });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reading = await response.Content.ReadFromJsonAsync<PredictionResponse>();
        var seen = FlowDsl.Digits.Reading.MnistPreprocessing.Normalize(image, 28, 28)!;
        for (var i = 0; i < 784; i++) Assert.Equal(seen[i], reading!.Image[i], 1e-12);
        Assert.Equal(app.Network.Reader.Read(seen).Digit, reading!.Digit);
        Assert.Equal(1.0, reading.Probabilities.Sum(), 1e-9);
    }

    [Fact]
    public async Task An_mnist_image_is_read_as_the_network_reads_it_in_process()
    {
        var (image, _) = TestDigit(1);
        var response = await _http.PostAsJsonAsync("/api/predict/mnist", new { pixels = image });
        var reading = await response.Content.ReadFromJsonAsync<PredictionResponse>();
        var direct = app.Network.Reader.Read(image);
        Assert.Equal(direct.Digit, reading!.Digit);
        Assert.Equal(direct.Outputs, reading.Outputs);
    }

    [Fact]
    public Task An_empty_canvas_is_422() =>
        Refused("/api/predict", """{"width":140,"height":140,"ink":[""" + string.Join(",", Enumerable.Repeat("0", 140 * 140)) + "]}",
            HttpStatusCode.UnprocessableEntity, "The drawing has no ink: draw a digit first.");

    [Theory]
    [InlineData("""{"pixels":[0.5,0.5]}""", "'pixels' has 2 values; a 28 × 28 image needs 784.")]
    [InlineData("""{"image":[]}""", "the field 'pixels' (784 values in [0, 1]) is missing.")]
    [InlineData("null", "The body is JSON null.")]
    public Task A_body_that_is_not_784_values_is_400(string body, string message) =>
        Refused("/api/predict/mnist", body, HttpStatusCode.BadRequest, message);

    [Theory]
    [InlineData(1.5, "pixels[300] = 1.5 is outside [0, 1].")]
    [InlineData(-0.25, "pixels[300] = -0.25 is outside [0, 1].")]
    public Task A_value_outside_0_1_is_400_and_named(double value, string message) =>
        Refused("/api/predict/mnist", """{"pixels":[""" + string.Join(",", Enumerable.Range(0, 784).Select(i => i == 300 ? value.ToString("R", System.Globalization.CultureInfo.InvariantCulture) : "0.25")) + "]}",
            HttpStatusCode.BadRequest, message);

    [Theory]
    [InlineData("""{"width":0,"height":5,"ink":[]}""", "width and height must be 1 to 280; got 0 × 5.")]
    [InlineData("""{"width":300,"height":300,"ink":[]}""", "width and height must be 1 to 280; got 300 × 300.")]
    [InlineData("""{"width":2,"height":2,"ink":[0,1,0]}""", "'ink' has 3 values; width × height = 2 × 2 needs 4.")]
    [InlineData("""{"width":2,"height":2}""", "the field 'ink' (width × height values in [0, 1]) is missing.")]
    public Task A_malformed_drawing_is_400(string body, string message) => Refused("/api/predict", body, HttpStatusCode.BadRequest, message);

    [Theory]
    [InlineData("/api/predict", "not json")]
    [InlineData("/api/predict/mnist", """{"pixels":[0.5, "a"]}""")]
    [InlineData("/api/predict/mnist", """{"pixels":[NaN]}""")]
    public async Task Text_that_is_not_the_json_asked_for_is_400(string path, string body)
    {
        var (status, message) = await Post(path, body);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("The body is not the expected JSON: ", message);
        Assert.DoesNotContain('\n', message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_the_limit_is_413_with_or_without_a_length(bool chunked)
    {
        var body = new string(' ', (int)PredictionLimits.MaxBodyBytes + 1) + "{}";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/predict") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (chunked) request.Headers.TransferEncodingChunked = true;
        var response = await _http.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<ErrorResponse>();
        Assert.Equal($"The request body is larger than the limit of {PredictionLimits.MaxBodyBytes} bytes.", error!.Error);
    }

    [Fact]
    public void The_app_listens_on_loopback_unless_told_otherwise()
    {
        var url = new Uri(DigitsApp.DefaultUrl);
        Assert.True(System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(url.Host)), url.Host);
        Assert.True(System.Net.IPAddress.IsLoopback(System.Net.IPAddress.Parse(app.Address.Host)));
    }

    private async Task Refused(string path, string body, HttpStatusCode status, string message)
    {
        var (actualStatus, actualMessage) = await Post(path, body);
        Assert.Equal(status, actualStatus);
        Assert.Equal(message, actualMessage);
    }

    private async Task<(HttpStatusCode, string)> Post(string path, string body)
    {
        var response = await _http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var error = await response.Content.ReadFromJsonAsync<ErrorResponse>();
        return (response.StatusCode, error!.Error);
    }

    private static (double[] Image, int Label) TestDigit(int index)
    {
        var data = MnistData.Load(MnistData.DefaultFolder);
        return (data.Test.AsSpan(index * 794, 784).ToArray(), data.Test.AsSpan(index * 794 + 784, 10).IndexOf(1.0));
    }
}
