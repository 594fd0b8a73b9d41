import Domain

/// A bar chart of dossiers received per day or week with a line of those finished, drawn as SVG on the
/// server: axis labels, and a `<title>` on each bar that browsers show as a tooltip and screen readers read.
public struct SeriesChart: Sendable {
    public struct Point: Sendable {
        public let label: String
        public let received: Int
        public let finished: Int

        public init(label: String, received: Int, finished: Int) {
            self.label = label
            self.received = received
            self.finished = finished
        }
    }

    public let points: [Point]
    public let caption: String

    public init(points: [Point], caption: String) {
        self.points = points
        self.caption = caption
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    /// The SVG element; every text in it is escaped here.
    public var svg: String {
        let width = 720.0, height = 260.0, left = 48.0, right = 12.0, top = 12.0, bottom = 36.0
        let plotWidth = width - left - right, plotHeight = height - top - bottom
        let maximum = max(1, points.map { max($0.received, $0.finished) }.max() ?? 1)
        // A round top for the axis: 1, 2 or 5 times a power of ten.
        var scale = 1
        while scale * 10 <= maximum { scale *= 10 }
        let top_ = [1, 2, 5, 10].map { $0 * scale }.first { $0 >= maximum } ?? maximum
        func y(_ value: Int) -> Double { top + plotHeight * (1 - Double(value) / Double(top_)) }
        let step = points.isEmpty ? plotWidth : plotWidth / Double(points.count)
        let format = { (value: Double) in String(Int(value.rounded())) }
        var parts: [String] = []
        parts.append("<svg class=\"chart\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" role=\"img\" aria-labelledby=\"bieu-do-ten\" xmlns=\"http://www.w3.org/2000/svg\">")
        parts.append("<title id=\"bieu-do-ten\">\(Self.escape(caption))</title>")
        for tick in [0, top_ / 2, top_] {
            parts.append("<line x1=\"\(format(left))\" x2=\"\(format(width - right))\" y1=\"\(format(y(tick)))\" y2=\"\(format(y(tick)))\" stroke=\"#c9d0d9\"/>")
            parts.append("<text x=\"\(format(left - 6))\" y=\"\(format(y(tick) + 4))\" text-anchor=\"end\" font-size=\"11\" fill=\"#1b1f24\">\(VietnameseFormat.count(tick))</text>")
        }
        for (index, point) in points.enumerated() {
            let x = left + Double(index) * step
            let barHeight = plotHeight * Double(point.received) / Double(top_)
            parts.append("<rect x=\"\(format(x + step * 0.15))\" y=\"\(format(top + plotHeight - barHeight))\" width=\"\(format(max(1, step * 0.7)))\" height=\"\(format(barHeight))\" fill=\"#0b4f9c\">"
                + "<title>\(Self.escape(point.label)): \(VietnameseFormat.count(point.received)) tiếp nhận, \(VietnameseFormat.count(point.finished)) giải quyết xong</title></rect>")
        }
        if points.count > 1 {
            let line = points.enumerated().map { index, point in
                "\(format(left + (Double(index) + 0.5) * step)),\(format(y(point.finished)))"
            }.joined(separator: " ")
            parts.append("<polyline points=\"\(line)\" fill=\"none\" stroke=\"#a3111a\" stroke-width=\"2\"/>")
        }
        let labelled = points.isEmpty ? [] : Array(Set([0, points.count / 2, points.count - 1])).sorted()
        for index in labelled {
            parts.append("<text x=\"\(format(left + (Double(index) + 0.5) * step))\" y=\"\(format(height - 14))\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1b1f24\">\(Self.escape(points[index].label))</text>")
        }
        parts.append("</svg>")
        return parts.joined()
    }
}
