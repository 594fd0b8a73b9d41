/// What is wrong with a procedure version or a catalogue; `code` names the procedure.
public enum CatalogError: Error, Equatable, Sendable {
    case invalidCode(String)
    case invalidNationalCode(String)
    case missingName(String)
    case missingField(String)
    case negativeFee(String)
    case invalidCutoff(String)
    case invalidPeriod(String)
    case invalidDocument(String)
    case overlappingVersions(String)
    case invalidFile(String)

    /// The procedure the error is about, or the file's problem.
    public var subject: String {
        switch self {
        case .invalidCode(let code), .invalidNationalCode(let code), .missingName(let code), .missingField(let code),
             .negativeFee(let code), .invalidCutoff(let code), .invalidPeriod(let code), .invalidDocument(let code),
             .overlappingVersions(let code), .invalidFile(let code):
            code
        }
    }

    /// What is wrong, in Vietnamese, for problem details and the command line.
    public var message: String {
        switch self {
        case .invalidCode(let code): "Mã thủ tục “\(code)” không hợp lệ (chữ in hoa, số, dấu chấm hoặc gạch nối; 3–32 ký tự)"
        case .invalidNationalCode(let code): "Mã thủ tục quốc gia của “\(code)” phải có dạng d.dddddd"
        case .missingName(let code): "Thủ tục “\(code)” thiếu tên"
        case .missingField(let code): "Thủ tục “\(code)” thiếu lĩnh vực"
        case .negativeFee(let code): "Lệ phí của thủ tục “\(code)” không được âm"
        case .invalidCutoff(let code): "Giờ chốt tiếp nhận của thủ tục “\(code)” không hợp lệ"
        case .invalidPeriod(let code): "Thời gian hiệu lực của thủ tục “\(code)” không hợp lệ"
        case .invalidDocument(let code): "Thành phần hồ sơ của thủ tục “\(code)” không hợp lệ"
        case .overlappingVersions(let code): "Thủ tục “\(code)” có hai phiên bản cùng hiệu lực một ngày"
        case .invalidFile(let detail): "Tệp danh mục thủ tục không hợp lệ: \(detail)"
        }
    }
}
