/** The contract check of answers lives with the document (lib/contract); tests import it here. */
export {
  answerFitting,
  checkAnswer,
  contractCheck,
  contractProblems,
  ContractDrift,
  isOperation,
  pathTemplateOf,
} from '../../lib/contract/answer-contract';
