import { randomInt } from 'node:crypto';

// Like MLflow, a run without a name gets a memorable one ("brave-otter-417") rather than its id.
const ADJECTIVES = ['amber', 'bold', 'brave', 'bright', 'calm', 'clever', 'crisp', 'daring', 'eager', 'fast', 'gentle', 'glad', 'keen', 'kind', 'lucid', 'merry', 'noble', 'proud', 'quiet', 'rapid', 'shy', 'sly', 'stable', 'sunny', 'swift', 'tidy', 'vivid', 'warm', 'wise', 'zesty'];
const NOUNS = ['ant', 'bat', 'bear', 'crab', 'crow', 'deer', 'dove', 'eel', 'finch', 'fox', 'frog', 'gull', 'hare', 'hawk', 'ibis', 'lark', 'lynx', 'mole', 'moth', 'newt', 'otter', 'owl', 'puma', 'seal', 'shrew', 'snail', 'swan', 'toad', 'wolf', 'wren'];

export const generateRunName = (): string =>
  `${ADJECTIVES[randomInt(ADJECTIVES.length)]}-${NOUNS[randomInt(NOUNS.length)]}-${randomInt(1000)}`;
