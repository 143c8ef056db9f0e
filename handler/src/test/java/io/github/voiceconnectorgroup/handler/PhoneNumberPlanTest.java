package io.github.voiceconnectorgroup.handler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PhoneNumberPlanTest {

  private static final String X = "+12065550100";
  private static final String Y = "+12065550101";
  private static final String HAND = "+12065550199";

  @Test
  void aNewGroupGetsEveryDeclaredNumber() {
    assertThat(PhoneNumberPlan.of(null, List.of(X, Y), Set.of()))
        .extracting(PhoneNumberPlan::associate, PhoneNumberPlan::disassociate)
        .containsExactly(List.of(X, Y), List.of());
  }

  @Test
  void numbersNotDeclaredBeforeOrNowAreLeftAlone() {
    assertThat(PhoneNumberPlan.of(null, null, Set.of(HAND)).isEmpty()).isTrue();
    assertThat(PhoneNumberPlan.of(List.of(X), List.of(X), Set.of(X, HAND)).isEmpty()).isTrue();
  }

  @Test
  void onlyNumbersNotListedYetAreAssociated() {
    assertThat(PhoneNumberPlan.of(List.of(X), List.of(X, Y), Set.of(X)))
        .extracting(PhoneNumberPlan::associate, PhoneNumberPlan::disassociate)
        .containsExactly(List.of(Y), List.of());
  }

  @Test
  void aListedNumberTheStackDidNotDeclareBeforeIsAssociatedAgainSinceTheListMayLag() {
    // The update before took X off and its answer was lost; the rollback declares X again while
    // the list still shows it.
    assertThat(PhoneNumberPlan.of(List.of(), List.of(X), Set.of(X)))
        .extracting(PhoneNumberPlan::associate, PhoneNumberPlan::alreadyOnTheGroup)
        .containsExactly(List.of(X), Set.of(X));
  }

  @Test
  void aNumberNoLongerDeclaredIsTakenOffEvenWhenTheListDoesNotShowItYet() {
    assertThat(PhoneNumberPlan.of(List.of(X, Y), List.of(X), Set.of(X)))
        .extracting(PhoneNumberPlan::associate, PhoneNumberPlan::disassociate)
        .containsExactly(List.of(), List.of(Y));
  }

  @Test
  void rollbackToNoNumbersDeclaredTakesOffWhatTheFailedUpdateAssociated() {
    // The update from no numbers to [X, Y] associated X and failed on Y; its rollback swaps them.
    assertThat(PhoneNumberPlan.of(List.of(X, Y), null, Set.of(X)))
        .extracting(PhoneNumberPlan::associate, PhoneNumberPlan::disassociate)
        .containsExactly(List.of(), List.of(X, Y));
  }

  @Test
  void movingEveryNumberAssociatesTheNewAndTakesOffTheOld() {
    assertThat(PhoneNumberPlan.of(List.of(X), List.of(Y), Set.of(X, HAND)))
        .extracting(PhoneNumberPlan::associate, PhoneNumberPlan::disassociate)
        .containsExactly(List.of(Y), List.of(X));
  }
}
