/// What can be wrong with geography input: reference files, unit look-ups and class settings.
public enum GeographyError: Error, Equatable, Sendable {
    case malformedRow(file: String, line: Int, reason: String)
    case unknownUnit(level: AdministrativeLevel?, code: String, at: LocalDate)
    case invalidCode(String)
    case invalidDate(String)
    case invalidLevel(String)
    case invalidClass(String)
    case districtAfterReform(at: LocalDate)
}
