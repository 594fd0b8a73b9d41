/// An old unit's area going (wholly or partly) into a current unit. An old commune split across several
/// new ones has several edges; it is never a one-to-one table.
public struct LineageEdge: Hashable, Sendable {
    /// `commune` for commune pairs, `district` for districts without communes, `province` for provinces.
    public var level: AdministrativeLevel
    public var oldCode: String
    public var oldName: String
    public var oldProvinceCode: String
    public var newCode: String
    public var newName: String
    public var newProvinceCode: String
    /// The old unit has more than one successor.
    public var split: Bool
    /// Only part of the old unit went into this successor; nil where the sources do not say.
    public var partial: Bool?
    /// The reference lists that give this pair.
    public var sources: [String]

    public init(
        level: AdministrativeLevel, oldCode: String, oldName: String, oldProvinceCode: String, newCode: String,
        newName: String, newProvinceCode: String, split: Bool, partial: Bool?, sources: [String]
    ) {
        self.level = level
        self.oldCode = oldCode
        self.oldName = oldName
        self.oldProvinceCode = oldProvinceCode
        self.newCode = newCode
        self.newName = newName
        self.newProvinceCode = newProvinceCode
        self.split = split
        self.partial = partial
        self.sources = sources
    }
}
