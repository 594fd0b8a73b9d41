import Domain
import Testing

struct EnvironmentSettingTests {
    @Test("a setting's value inside what it accepts is read; an absent or empty one means its default")
    func reads() {
        let environment = [
            "MOTCUA_BCRYPT_COST": "4", "MOTCUA_SESSION_CACHE_SECONDS": "0.5", "MOTCUA_PG_WRITE_LANES": "0",
            "MOTCUA_GAPLESS_CODES": "1", "MOTCUA_CODE_BLOCK": "1", "MOTCUA_PG_PREPARED": "0", "MOTCUA_LOG_LEVEL": "debug", "MOTCUA_REGISTRY_TIMEOUT": "",
            "MOTCUA_DETAIL_REPORTS": "3",
        ]
        #expect(EnvironmentSetting.problems(in: environment).isEmpty)
        #expect(EnvironmentSetting.bcryptCost.integer(in: environment) == 4)
        #expect(EnvironmentSetting.sessionCacheSeconds.seconds(in: environment) == 0.5)
        #expect(EnvironmentSetting.writeLanes.integer(in: environment) == 0)
        #expect(EnvironmentSetting.gaplessCodes.flag(in: environment) == true)
        #expect(EnvironmentSetting.codeBlock.integer(in: environment) == 1)
        #expect(EnvironmentSetting.preparedStatements.flag(in: environment) == false)
        #expect(EnvironmentSetting.logLevel.text(in: environment) == "debug")
        #expect(EnvironmentSetting.detailReports.integer(in: environment) == 3)
        #expect(EnvironmentSetting.registryTimeout.seconds(in: environment) == nil)
        #expect(EnvironmentSetting.leaseTimeout.seconds(in: environment) == nil)
        #expect(EnvironmentSetting.problems(in: [:]).isEmpty)
    }

    @Test("a value a setting does not accept is refused by name, with what it accepts, and never read")
    func refuses() {
        let environment = [
            "MOTCUA_SESSION_CACHE_SECONDS": "2s", "MOTCUA_BCRYPT_COST": "32", "MOTCUA_PG_WRITE_LANES": "-1",
            "MOTCUA_GAPLESS_CODES": "yes", "MOTCUA_CODE_BLOCK": "0", "MOTCUA_LOG_LEVEL": "verbose", "MOTCUA_PG_LEASE_TIMEOUT": "0",
            "MOTCUA_DETAIL_REPORTS": "0",
            "MOTCUA_UNRELATED": "anything",
        ]
        #expect(EnvironmentSetting.problems(in: environment) == [
            "MOTCUA_BCRYPT_COST=\"32\" is not accepted: expected a whole number from 4 to 31",
            "MOTCUA_SESSION_CACHE_SECONDS=\"2s\" is not accepted: expected a number of seconds from 0 to 60",
            "MOTCUA_PG_LEASE_TIMEOUT=\"0\" is not accepted: expected a number of seconds from 0.1 to 3600",
            "MOTCUA_PG_WRITE_LANES=\"-1\" is not accepted: expected a whole number from 0 to 64",
            "MOTCUA_GAPLESS_CODES=\"yes\" is not accepted: expected 0 or 1",
            "MOTCUA_CODE_BLOCK=\"0\" is not accepted: expected a whole number from 1 to 1000",
            "MOTCUA_DETAIL_REPORTS=\"0\" is not accepted: expected a whole number from 1 to 64",
            "MOTCUA_LOG_LEVEL=\"verbose\" is not accepted: expected one of trace, debug, info, notice, warning, error, critical",
        ])
        #expect(EnvironmentSetting.sessionCacheSeconds.seconds(in: environment) == nil)
        #expect(EnvironmentSetting.bcryptCost.integer(in: environment) == nil)
        #expect(EnvironmentSetting.writeLanes.integer(in: environment) == nil)
        #expect(EnvironmentSetting.gaplessCodes.flag(in: environment) == nil)
        #expect(EnvironmentSetting.codeBlock.integer(in: environment) == nil)
        #expect(EnvironmentSetting.logLevel.text(in: environment) == nil)
        #expect(EnvironmentSetting.detailReports.integer(in: environment) == nil)
        #expect(EnvironmentSetting.leaseTimeout.seconds(in: environment) == nil)
    }
}
