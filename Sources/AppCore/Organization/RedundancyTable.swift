public import Domain

extension ReportTable {
    /// The redundancy tally as a table: one row per group and the total, headed in Vietnamese.
    public init(redundancy total: RedundancyTally, rows: [RedundancyService.Row]) {
        let stages: [RedundancyCase.Stage] = [.decided, .requested, .approved]
        func cells(_ tally: RedundancyTally) -> [Cell] {
            [
                .integer(tally.decisions), .integer(tally.fundingRequested), .integer(tally.approved), .integer(tally.paid),
                .integer(tally.requestedDong), .integer(tally.approvedDong), .integer(tally.paidDong),
            ] + stages.map { .integer(tally.waiting[$0]?.reduce(0, +) ?? 0) } + [.integer(tally.waitingLong)]
        }
        self.init(
            headers: [
                "Mã", "Đơn vị", "Có quyết định nghỉ việc", "Đã đề nghị hoặc duyệt kinh phí", "Đã duyệt kinh phí", "Đã chi trả",
                "Kinh phí đề nghị (đồng)", "Kinh phí duyệt (đồng)", "Đã chi (đồng)", "Chờ đề nghị", "Chờ duyệt", "Chờ chi trả",
                "Chờ quá 90 ngày",
            ],
            rows: rows.map { [.text($0.code), .text($0.name)] + cells($0.tally) } + [[.text("Tổng cộng"), .text("")] + cells(total)],
            labelColumns: 2
        )
    }
}
