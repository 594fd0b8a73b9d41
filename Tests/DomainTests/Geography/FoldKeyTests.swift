import Domain
import Foundation
import Testing

struct FoldKeyTests {
    @Test("fold drops marks, folds đ, case, punctuation and leading zeros", arguments: [
        ("Đắk Lắk", "dak lak"),
        ("ĐẮK LẮK", "dak lak"),
        ("Thành phố Hồ Chí Minh", "thanh pho ho chi minh"),
        ("Xã Ea H'Leo", "xa ea hleo"),
        ("Xã Ea H’Leo", "xa ea hleo"),
        ("  Phường   04 ,, Quận 1 ", "phuong 4 quan 1"),
        ("Bà Rịa - Vũng Tàu", "ba ria vung tau"),
        ("Thừa Thiên–Huế", "thua thien hue"),
        ("P.Trúc Bạch", "p truc bach"),
        ("", ""),
    ])
    func folds(input: String, expected: String) {
        #expect(FoldKey.fold(input) == expected)
    }

    @Test("tone-mark placement and normal form do not change the key")
    func placementAndNormalForm() {
        #expect(FoldKey.fold("Thuận Hoà") == FoldKey.fold("Thuận Hòa"))
        #expect(FoldKey.fold("Thủy") == FoldKey.fold("Thuỷ"))
        let nfd = "Nguyễn Trãi".decomposedStringWithCanonicalMapping
        #expect(nfd.unicodeScalars.count > "Nguyễn Trãi".unicodeScalars.count)
        #expect(FoldKey.fold(nfd) == "nguyen trai")
    }

    @Test("spelling keeps marks but not where the tone sits")
    func spelling() {
        #expect(FoldKey.spelling("Hoà") == FoldKey.spelling("Hòa"))
        #expect(FoldKey.spelling("Châu Bình") != FoldKey.spelling("Châu Bính"))
        #expect(FoldKey.spelling("Hùng") != FoldKey.spelling("Hưng"))
    }

    @Test("tokens remember where they came from and which comma segment")
    func tokens() {
        let text = "Số 5, P. Trúc Bạch"
        let tokens = FoldKey.tokens(of: text)
        #expect(tokens.map(\.text) == ["so", "5", "p", "truc", "bach"])
        #expect(tokens.map(\.segment) == [0, 0, 1, 1, 1])
        #expect(String(text[tokens[3].range]) == "Trúc")
    }
}
