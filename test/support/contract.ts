/** The contract check of answers lives with the document (lib/contract); tests import it here. */
export {
  contractCheck,
  contractProblems,
  ContractDrift,
  pathTemplateOf,
} from '../../lib/contract/answer-contract';
