public import Domain
import Mustache

/// Slips and the tracking book as printable HTML: A5 portrait for slips, A4 landscape for the book,
/// no script, no external resource, Vietnamese. Rendered with Mustache from typed view models.
public enum SlipPage {
    struct LineView { let label: String; let value: String }
    struct RowView { let cells: [String] }

    struct SlipView {
        let title: String
        let code: String
        let issuer: String
        let dateline: String
        let recipient: String
        let lines: [LineView]
        let paragraphs: [String]
        let list: [String]
        let hasList: Bool
        let header: [String]
        let rows: [RowView]
        let hasTable: Bool
        let signer: String
        let page: String
    }

    static let style = """
        body{font-family:"Times New Roman",Times,serif;font-size:13pt;line-height:1.4;margin:1.5rem;color:#000;background:#fff}
        header{display:flex;justify-content:space-between;gap:1rem;text-align:center;font-size:11pt}
        header strong{display:block;text-transform:uppercase}
        h1{font-size:14pt;text-align:center;margin:1.2rem 0 .2rem}
        .code{text-align:center;margin:0 0 1rem}
        dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem .8rem;margin:0 0 .8rem}
        dt{font-weight:bold}dd{margin:0}
        table{border-collapse:collapse;width:100%;font-size:10pt}th,td{border:1px solid #000;padding:.2rem .3rem;vertical-align:top}
        .sign{margin-top:2rem;text-align:right;font-style:italic}
        .sign strong{display:block;font-style:normal;margin-bottom:4rem}
        @media print{body{margin:0}}
        """

    static let slipTemplate = """
        <!doctype html>
        <html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <title>{{title}} – {{code}}</title><style>@page{size:{{page}};margin:12mm}\(style)</style></head>
        <body><header><div><strong>{{issuer}}</strong></div><div><strong>Cộng hòa xã hội chủ nghĩa Việt Nam</strong>Độc lập – Tự do – Hạnh phúc<br><em>{{dateline}}</em></div></header>
        <main><h1>{{title}}</h1><p class="code">Mã hồ sơ: <strong>{{code}}</strong></p>
        <p>Kính gửi: {{recipient}}</p>
        <dl>{{#lines}}<dt>{{label}}</dt><dd>{{value}}</dd>{{/lines}}</dl>
        {{#paragraphs}}<p>{{.}}</p>{{/paragraphs}}
        {{#hasList}}<ol>{{#list}}<li>{{.}}</li>{{/list}}</ol>{{/hasList}}
        {{#hasTable}}<table><thead><tr>{{#header}}<th scope="col">{{.}}</th>{{/header}}</tr></thead>
        <tbody>{{#rows}}<tr>{{#cells}}<td>{{.}}</td>{{/cells}}</tr>{{/rows}}</tbody></table>{{/hasTable}}
        <p class="sign"><strong>{{signer}}</strong>(Ký, ghi rõ họ tên)</p></main></body></html>
        """

    static let template: MustacheTemplate = {
        do { return try MustacheTemplate(string: slipTemplate) } catch { preconditionFailure("slip template: \(error)") }
    }()

    /// An A5 slip.
    public static func render(_ slip: Slip) -> String {
        template.render(SlipView(
            title: slip.title, code: slip.code, issuer: slip.issuer, dateline: slip.dateline, recipient: slip.recipient,
            lines: slip.lines.map { LineView(label: $0.label, value: $0.value) }, paragraphs: slip.paragraphs, list: slip.list,
            hasList: !slip.list.isEmpty, header: slip.tableHeader, rows: slip.table.map(RowView.init(cells:)), hasTable: !slip.table.isEmpty,
            signer: slip.signer, page: slip.kind == .control ? "A4" : "A5"
        ))
    }

    /// The tracking book, A4 landscape.
    public static func render(_ book: TrackingBook, dateline: String) -> String {
        template.render(SlipView(
            title: "SỔ THEO DÕI HỒ SƠ", code: "\(VietnameseFormat.date(book.from)) – \(VietnameseFormat.date(book.to))", issuer: book.issuer,
            dateline: dateline, recipient: book.issuer, lines: [], paragraphs: ["Số hồ sơ tiếp nhận: \(book.rows.count)"], list: [],
            hasList: false, header: book.header, rows: book.rows.map(RowView.init(cells:)), hasTable: true, signer: "Người lập sổ",
            page: "A4 landscape"
        ))
    }
}
