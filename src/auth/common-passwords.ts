/**
 * The commonest passwords, as breach lists show them. Passwords under 12 characters are refused
 * anyway, so what matters here is the long ones people still reach for: the 3000 commonest of 12
 * characters or more from a ten-million-password breach corpus (common-passwords.generated.ts,
 * made by scripts/generate-common-passwords.ts), a common word or keyboard run padded with digits
 * and symbols ("Password1234!"), and words from this service's own context.
 */
import { COMMON_PASSWORDS } from './common-passwords.generated.js';

/**
 * Whole passwords refused as they are, lower-case: the generated list, and a few well-known long
 * ones it does not have.
 */
const COMMON_LONG: ReadonlySet<string> = new Set([
	...COMMON_PASSWORDS,
	'12345678901234',
	'987654321098',
	'correcthorsebatterystaple',
	'thequickbrownfox'
]);

/**
 * Words that, with only digits, symbols or a repeat around them, make a guessable password. Kept
 * lower-case; the check lower-cases too.
 */
const COMMON_WORDS = new Set([
	'password',
	'passw0rd',
	'p@ssword',
	'p@ssw0rd',
	'qwerty',
	'qwertyuiop',
	'asdfgh',
	'asdfghjkl',
	'zxcvbnm',
	'letmein',
	'welcome',
	'welcome1',
	'admin',
	'administrator',
	'iloveyou',
	'monkey',
	'dragon',
	'football',
	'baseball',
	'sunshine',
	'princess',
	'master',
	'shadow',
	'superman',
	'batman',
	'starwars',
	'whatever',
	'trustno1',
	'freedom',
	'michael',
	'jennifer',
	'charlie',
	'liverpool',
	'chelsea',
	'arsenal',
	'manchester',
	'london',
	'england',
	'summer',
	'winter',
	'autumn',
	'spring',
	'january',
	'february',
	'september',
	'october',
	'november',
	'december',
	'monday',
	'friday',
	'secret',
	'changeme',
	'default',
	'login',
	'access',
	'computer',
	'internet',
	'security',
	// This service's own context, which an attacker would try first.
	'humber',
	'humberside',
	'hull',
	'grimsby',
	'scunthorpe',
	'beverley',
	'modernslavery',
	'slavery',
	'antislavery',
	'partnership',
	'strategy',
	'strategytracker',
	'tracker',
	'wilberforce',
	'police',
	'council'
]);

const PADDING = /^[\d\W_]*(.*?)[\d\W_]*$/;

export function isCommonPassword(lowerCasePassword: string): boolean {
	if (COMMON_LONG.has(lowerCasePassword)) return true;
	const core = PADDING.exec(lowerCasePassword)?.[1] ?? lowerCasePassword;
	if (COMMON_WORDS.has(core)) return true;
	// A common word typed twice ("summersummer2024").
	const half = core.length / 2;
	return (
		Number.isInteger(half) &&
		core.slice(0, half) === core.slice(half) &&
		COMMON_WORDS.has(core.slice(0, half))
	);
}
