import ArgumentParser

@main
struct MotCua: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "motcua",
        abstract: "MotCua: the one-stop system of Vietnam's two-tier local government.",
        subcommands: [
            Serve.self, Migrate.self, Units.self, ConvertAddress.self, CalendarCommand.self, UserCommand.self, AgenciesCommand.self,
            AccessLogCommand.self, CatalogCommand.self, DossierCommand.self, KeysCommand.self, RegistriesCommand.self,
            DossierCommand.Verify.self, ReportCommand.self, MonthlyReportCommand.self, GenerateCommand.self, RedundancyCommand.self, StaffingCommand.self, FacilitiesCommand.self, PublicServiceUnitsCommand.self,
            ImportCommand.self, QualityCommand.self, AddressesCommand.self, BackupCommand.self, RestoreCommand.self,
        ]
    )
}
