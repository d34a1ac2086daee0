import { describe, expect, it } from 'vitest';
import {
  addressActionRows,
  CATEGORY_PLACEHOLDER,
} from '../../../src/adapters/discord/commands/address-actions.js';
import { REPORT_CATEGORIES, type RiskSummary } from '../../../src/core/index.js';
import {
  BCH_CASHADDR,
  DASH_LISTED,
  REPORTED,
  SECOND_REPORTED,
  SOLANA_USDC_MINT,
  TAPROOT_VECTOR,
  TON_ACCOUNT,
  TRON_LISTED,
} from './fixtures/addresses.js';

function summaryOf(address: string, chain: RiskSummary['chain'] = 'evm'): RiskSummary {
  return {
    input: address,
    address,
    chain,
    network: 'mainnet',
    level: 'none',
    score: 0,
    reasons: [],
    reports: { total: 0, verified: 0, categories: {} },
    sanctioned: false,
    lookalikes: [],
    onchain: null,
  };
}

type ButtonJson = { label: string; custom_id: string };
const buttonsOf = (rows: ReturnType<typeof addressActionRows>) =>
  rows.map((row) => row.toJSON().components as unknown as ButtonJson[]);

describe('addressActionRows', () => {
  it('offers Report, Details and Trace funds carrying the address key for one summary', () => {
    expect(buttonsOf(addressActionRows([summaryOf(REPORTED)]))).toEqual([
      [
        expect.objectContaining({ label: 'Report', custom_id: `addr:report:${REPORTED.toLowerCase()}` }),
        expect.objectContaining({ label: 'Details', custom_id: `addr:details:${REPORTED.toLowerCase()}` }),
        expect.objectContaining({ label: 'Trace funds', custom_id: `addr:trace:${REPORTED.toLowerCase()}` }),
      ],
    ]);
  });

  it('fits the longest keys of every chain in Discord’s 100-character custom id', () => {
    const addresses = [TAPROOT_VECTOR, TRON_LISTED, SOLANA_USDC_MINT, REPORTED];
    const ids = buttonsOf(addressActionRows(addresses.map((a) => summaryOf(a))))
      .flat()
      .map((b) => b.custom_id);
    expect(ids).toHaveLength(12);
    for (const id of ids) expect(id.length).toBeLessThanOrEqual(100);
    expect(ids).toContain(`addr:details:${TAPROOT_VECTOR}`);
    expect(ids).toContain(`addr:report:${SOLANA_USDC_MINT}`);
  });

  it('names the address on each button when a reply holds several, one row each', () => {
    const rows = buttonsOf(addressActionRows([summaryOf(REPORTED), summaryOf(SECOND_REPORTED)]));
    expect(rows.map((row) => row.map((b) => b.label))).toEqual([
      ['Report 0x5aAe…eAed', 'Details 0x5aAe…eAed', 'Trace funds 0x5aAe…eAed'],
      ['Report 0xfB69…d359', 'Details 0xfB69…d359', 'Trace funds 0xfB69…d359'],
    ]);
  });

  it('gives no buttons to a verbatim listed string of a chain the core does not parse', () => {
    expect(addressActionRows([summaryOf(DASH_LISTED, 'other')])).toEqual([]);
  });

  it('carries keys with a colon (TON raw form, CashAddr prefix): the handler joins the id back', () => {
    const ids = buttonsOf(
      addressActionRows([summaryOf(TON_ACCOUNT, 'ton'), summaryOf(BCH_CASHADDR, 'bitcoin-cash')]),
    )
      .flat()
      .map((b) => b.custom_id);
    expect(ids).toEqual([
      'addr:report:0:2cf55953e92efbeadab7ba725c3f93a0b23f842cbba72d7b8e6f510a70e422e3',
      'addr:details:0:2cf55953e92efbeadab7ba725c3f93a0b23f842cbba72d7b8e6f510a70e422e3',
      'addr:trace:0:2cf55953e92efbeadab7ba725c3f93a0b23f842cbba72d7b8e6f510a70e422e3',
      `addr:report:${BCH_CASHADDR}`,
      `addr:details:${BCH_CASHADDR}`,
      `addr:trace:${BCH_CASHADDR}`,
    ]);
  });
});

describe('the Report form’s category input', () => {
  it('lists every valid category in its placeholder, within Discord’s 100 characters', () => {
    expect(CATEGORY_PLACEHOLDER.length).toBeLessThanOrEqual(100);
    for (const category of REPORT_CATEGORIES) expect(CATEGORY_PLACEHOLDER).toContain(category);
  });
});
