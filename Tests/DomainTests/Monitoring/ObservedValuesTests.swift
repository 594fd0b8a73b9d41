import Domain
import Testing

/// The rollup by observation day gives, at every period end, what the cohort definition gives.
struct ObservedValuesTests {
    static func day(_ day: Int) -> LocalDate { LocalDate(year: 2025, month: 7, day: day)! }

    static func key(close: LocalDate, due: LocalDate) -> CohortKey {
        let dimensions = CounterKey(
            day: day(1), provinceCode: "01", competentUnit: "00004", receivingUnit: "00004", agencyCode: "A", field: "f",
            procedureCode: "p", procedureValidFrom: day(1), level: .commune, channel: .online
        )
        return CohortKey(receiveDay: day(1), dimensions: dimensions, closeDay: close, dueDay: due)
    }

    static func values(_ pairs: [String: Int]) -> CohortValues {
        var values = CohortValues()
        for (name, value) in pairs { values[name] = value }
        return values
    }

    @Test("a late dossier: received on the 1st, due the 5th, finished the 10th")
    func lateDossier() {
        let days = ObservedValues.days(
            Self.key(close: Self.day(10), due: Self.day(5)),
            Self.values(["dossiers": 1, "finished": 1, "processing_minutes": 4_000, "supplement_requests": 2])
        )
        #expect(Set(days.keys) == [Self.day(1), Self.day(5), Self.day(10)])
        #expect(days[Self.day(1)]?["dossiers"] == 1 && days[Self.day(1)]?["supplement_requests"] == 2)
        #expect(days[Self.day(5)]?["overdue"] == 1)
        #expect(days[Self.day(10)]?["closed"] == 1 && days[Self.day(10)]?["finished"] == 1)
        #expect(days[Self.day(10)]?["processing_minutes"] == 4_000 && days[Self.day(10)]?["overdue"] == -1)
    }

    @Test("summed up to any period end, the observed days give the cohort sums", arguments: [
        (LocalDate.distantFuture, LocalDate.distantFuture), (.distantFuture, day(6)), (day(9), .distantFuture), (day(9), day(4)),
        (day(3), day(3)),
    ])
    func sumsAtEveryEnd(close: LocalDate, due: LocalDate) {
        let key = Self.key(close: close, due: due)
        let values = Self.values(["dossiers": 3, "finished": 2, "on_time": 1, "early": 1, "stopped": 1, "withdrawn": 1,
                                  "processing_minutes": 900, "supplement_requests": 1])
        let days = ObservedValues.days(key, values)
        for end in (1...12).map(Self.day) {
            var expected = CohortSums()
            expected.add(key, values, end: end)
            let seen = days.filter { $0.key <= end }.values.reduce(ObservedValues(), +)
            #expect(seen["dossiers"] == expected.received, "\(end)")
            #expect(seen["dossiers"] - seen["closed"] == expected.pending, "\(end)")
            #expect(seen["overdue"] == expected.pendingOverdue, "\(end)")
            #expect(seen["finished"] == expected.finished && seen["on_time"] == expected.onTime && seen["early"] == expected.early)
            #expect(seen["stopped"] == expected.stopped && seen["withdrawn"] == expected.withdrawn)
            #expect(seen["processing_minutes"] == expected.processingMinutes && seen["supplement_requests"] == expected.supplementRequests)
        }
    }
}
