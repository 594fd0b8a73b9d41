import AppCore
import Logging
import Storage
import Domain
import Hummingbird

/// `/api/v1/units…` and `/api/v1/addresses…`: parse, call `GeographyService`, render.
struct GeographyAPI<Context: RequestContext> {
    let service: GeographyService

    static var convertBodyLimit: Int { 64 * 1024 }
    static var batchBodyLimit: Int { 8 * 1024 * 1024 }

    var routes: [Route<Context>] {
        [
            Route(.get, "api/v1/units", listUnits),
            Route(.get, "api/v1/units/:code", showUnit),
            Route(.get, "api/v1/units/:code/lineage", lineage),
            Route(.get, "api/v1/unit-counts", counts),
            Route(.post, "api/v1/addresses/convert", convert),
            Route(.post, "api/v1/addresses/convert-batch", convertBatch),
        ]
    }

    @Sendable func listUnits(_ request: Request, context: Context) async throws -> Response {
        let query = request.uri.queryParameters
        let page = try await service.units(UnitListRequest(
            level: query.get("level"), province: query.get("province"), q: query.get("q"), at: query.get("at"),
            cursor: query.get("cursor"), limit: query.get("limit")
        ))
        return try JSONBody.response(UnitPageDTO(items: page.items.map(UnitDTO.init), nextCursor: page.nextCursor))
    }

    @Sendable func showUnit(_ request: Request, context: Context) async throws -> Response {
        let code = try context.parameters.require("code")
        let query = request.uri.queryParameters
        let unit = try await service.unit(code: code, level: query.get("level"), at: query.get("at"))
        return try JSONBody.response(UnitDTO(unit))
    }

    @Sendable func lineage(_ request: Request, context: Context) async throws -> Response {
        let code = try context.parameters.require("code")
        return try JSONBody.response(LineageDTO(try await service.lineage(code: code)))
    }

    @Sendable func counts(_ request: Request, context: Context) async throws -> Response {
        let at = request.uri.queryParameters.get("at")
        let counts = try await service.unitCounts(at: at)
        return try JSONBody.response(UnitCountsDTO(
            at: try service.date(at).description,
            counts: counts.map { UnitCountDTO(level: $0.level.rawValue, type: $0.type.rawValue, count: $0.count) },
            total: counts.reduce(0) { $0 + $1.count }
        ))
    }

    @Sendable func convert(_ request: Request, context: Context) async throws -> Response {
        let body = try await JSONBody.decode(ConvertRequestDTO.self, from: request, limit: Self.convertBodyLimit)
        let conversion: AddressConversion
        switch (body.address, body.oldCode) {
        case (let address?, nil): conversion = try service.convert(address: address)
        case (nil, let code?): conversion = try service.convert(oldCode: code)
        case (nil, nil): throw AppError.invalid("address", "Cần trường “address” (địa chỉ cũ) hoặc “oldCode” (mã xã cũ)")
        case (_?, _?): throw AppError.invalid("oldCode", "Chỉ gửi một trong hai trường “address” hoặc “oldCode”")
        }
        return try JSONBody.response(ConversionDTO(conversion))
    }

    @Sendable func convertBatch(_ request: Request, context: Context) async throws -> Response {
        let body = try await JSONBody.decode(ConvertBatchRequestDTO.self, from: request, limit: Self.batchBodyLimit)
        let results = try service.convert(batch: body.addresses)
        return try JSONBody.response(ConvertBatchResponseDTO(results: results.map(ConversionDTO.init)))
    }
}
