@testable import AppCore
import Crypto
import Domain
import Foundation
import Testing

/// The look-up secret is stored as a salted SHA-256 (or, for imported dossiers, the other system's plain
/// SHA-256), and checked against what a citizen types.
struct SecretHashTests {
    static func sha256(_ text: String) -> String { Hex.string(SHA256.hash(data: Data(text.utf8))) }

    @Test("a salted hash matches its secret in any letter case, and nothing else")
    func salted() {
        let stored = DossierService.hash(secret: "AB12CD34")
        #expect(DossierService.matches(secret: "AB12CD34", stored: stored))
        #expect(DossierService.matches(secret: "ab12cd34", stored: stored))
        #expect(!DossierService.matches(secret: "AB12CD35", stored: stored))
        #expect(!DossierService.matches(secret: "", stored: stored))
        #expect(!DossierService.matches(secret: "AB12CD34", stored: DossierService.hash(secret: "AB12CD34X")))
        let salt = String(stored.split(separator: "$")[0])
        #expect(stored == salt + "$" + Self.sha256(salt + ":AB12CD34"))
    }

    @Test("another system's plain SHA-256: the secret as typed or as printed (upper case)")
    func unsalted() {
        let printed = "sha256$" + Self.sha256("XY99")
        #expect(DossierService.matches(secret: "XY99", stored: printed))
        #expect(DossierService.matches(secret: "xy99", stored: printed))
        let typed = "sha256$" + Self.sha256("mixedCase")
        #expect(DossierService.matches(secret: "mixedCase", stored: typed))
        #expect(!DossierService.matches(secret: "MIXEDCASE2", stored: typed))
    }

    @Test("malformed stored hashes and overlong secrets never match")
    func malformed() {
        let digest = Self.sha256("salt:AB")
        for stored in ["", "$", "salt$", "$" + digest, "salt" + digest, "salt$" + digest.dropLast(), "salt$" + digest + "0",
                       "salt$" + digest.uppercased(), "sha256$"] {
            #expect(!DossierService.matches(secret: "AB", stored: stored), "\(stored)")
        }
        #expect(DossierService.matches(secret: "AB", stored: "salt$" + digest))
        let long = String(repeating: "A", count: 65)
        #expect(!DossierService.matches(secret: long, stored: "salt$" + Self.sha256("salt:" + long)))
        #expect(DossierService.matches(secret: String(long.dropLast()), stored: "salt$" + Self.sha256("salt:" + long.dropLast())))
    }
}
