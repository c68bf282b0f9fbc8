import { Controller, Get, Module, Param } from '@nestjs/common';
import {
  EVENT_CATALOGUE,
  eventSchema,
  exampleEvent,
  findContract,
  HubError,
  PROVINCES,
  REGIONS,
  usedCodeLists,
  type CodeList,
  type EventContract,
  type JsonSchema,
} from '@hub/contracts';

/** One entry of the catalogue as agencies read it over HTTP. */
export interface ContractSummary {
  readonly type: string;
  readonly version: number;
  readonly topic: string;
  readonly publishers: readonly string[];
  readonly title: { en: string; zh: string };
  readonly description: { en: string; zh: string };
  readonly schema: string;
  readonly example: string;
}

class ContractNotFoundError extends HubError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} is not in the hub's contract catalogue; GET /v1/contracts lists what is.`, { retriable: false });
  }
}

const CODE_LISTS: ReadonlyMap<string, CodeList> = new Map([...usedCodeLists(), PROVINCES, REGIONS].map((list) => [list.name, list]));

/**
 * The contract catalogue served by the hub itself, so an agency's system can fetch the JSON Schema,
 * an example and the code lists of exactly what this hub accepts (the same documents as contracts/).
 */
@Controller('v1')
export class ContractsController {
  private readonly schemas = new Map<EventContract, JsonSchema>();

  @Get('contracts')
  list(): { contracts: ContractSummary[]; codeLists: { name: string; version: number; source: string; href: string }[] } {
    return {
      contracts: EVENT_CATALOGUE.map((contract) => ({
        type: contract.type,
        version: contract.version,
        topic: contract.topic,
        publishers: contract.publishers,
        title: contract.title,
        description: contract.description,
        schema: `/v1/contracts/${contract.type}/v${contract.version}/schema`,
        example: `/v1/contracts/${contract.type}/v${contract.version}/example`,
      })),
      codeLists: [...CODE_LISTS.values()].map((list) => ({
        name: list.name,
        version: list.version,
        source: list.source,
        href: `/v1/code-lists/${list.name}`,
      })),
    };
  }

  @Get('contracts/:type/:version/schema')
  schema(@Param('type') type: string, @Param('version') version: string): JsonSchema {
    const contract = this.find(type, version);
    let schema = this.schemas.get(contract);
    if (!schema) {
      schema = eventSchema(contract);
      this.schemas.set(contract, schema);
    }
    return schema;
  }

  @Get('contracts/:type/:version/example')
  example(@Param('type') type: string, @Param('version') version: string): Record<string, unknown> {
    return exampleEvent(this.find(type, version));
  }

  @Get('code-lists/:name')
  codeList(@Param('name') name: string): CodeList {
    const list = CODE_LISTS.get(name);
    if (!list) throw new ContractNotFoundError(`Code list ${name}`);
    return list;
  }

  private find(type: string, version: string): EventContract {
    const match = /^v([1-9]\d{0,3})$/.exec(version);
    const contract = match ? findContract(type, Number(match[1])) : undefined;
    if (!contract) throw new ContractNotFoundError(`Contract ${type} ${version}`);
    return contract;
  }
}

/** Serves the catalogue (part of the `api` role). */
@Module({ controllers: [ContractsController] })
export class ContractsApiModule {}
