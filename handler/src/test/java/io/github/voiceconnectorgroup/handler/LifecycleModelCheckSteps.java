package io.github.voiceconnectorgroup.handler;

import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Item;
import io.github.voiceconnectorgroup.testsupport.ChimeSdkVoiceStandIn.Operation;
import io.github.voiceconnectorgroup.testsupport.ResponseUrlRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The small values of the lifecycle model check: what a stack declares, the stack's forward plan
 * (Create, Updates, Delete), and the faults a request meets, all drawn from one seeded {@link
 * Random}. The faults are sized so that the handler can ride each out within its waits (the SDK's 8
 * attempts, the 30 s IAM window, the 60 s visibility window, the 180 s timeout); only a refused
 * response PUT loses an answer.
 */
final class LifecycleModelCheckSteps {

  /** The voice connectors the account has; items name 1 to 3 of them. */
  static final List<String> VOICE_CONNECTORS = List.of("vc-1", "vc-2", "vc-3", "vc-4");

  /** The numbers this stack may declare, in the inventory's order. */
  static final List<String> OUR_NUMBERS =
      List.of("+12065550100", "+12065550101", "+12065550102", "+12065550103");

  /** Numbers held by the groups of another stack; never declared by this one. */
  static final List<String> OTHER_NUMBERS = List.of("+12065550190", "+12065550191");

  private static final List<String> NAMES = List.of("Calls", "Calls 2", "support.line", "Main_A");

  private LifecycleModelCheckSteps() {}

  /**
   * What a stack declares for the group.
   *
   * @param numbers the declared numbers, or {@code null} when the template has no PhoneNumbers
   */
  record Declared(String name, List<Item> items, List<String> numbers) {

    /** The properties as CloudFormation delivers them: every value a string. */
    Map<String, Object> properties() {
      List<Object> list = new ArrayList<>();
      for (Item item : items) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("VoiceConnectorId", item.voiceConnectorId());
        fields.put("Priority", Integer.toString(item.priority()));
        list.add(fields);
      }
      Map<String, Object> properties = new LinkedHashMap<>();
      properties.put("Name", name);
      properties.put("VoiceConnectorItems", list);
      if (numbers != null) {
        properties.put("PhoneNumbers", List.copyOf(numbers));
      }
      return properties;
    }

    @Override
    public String toString() {
      StringBuilder text = new StringBuilder("'").append(name).append("' [");
      for (int i = 0; i < items.size(); i++) {
        text.append(i == 0 ? "" : ", ")
            .append(items.get(i).voiceConnectorId())
            .append(':')
            .append(items.get(i).priority());
      }
      return text.append("] numbers=").append(numbers == null ? "absent" : numbers).toString();
    }
  }

  /**
   * One forward step of the stack's plan.
   *
   * @param declared what the template declares after the step
   * @param outOfBandDeleteBefore whether someone deletes the stack's group just before the step
   */
  record Step(Declared declared, boolean outOfBandDeleteBefore) {}

  /** What CloudFormation keeps as the physical id after a FAILED Update. */
  enum FailedUpdateId {
    /** The previous physical id, whatever the FAILED answer carried. */
    KEEP_PREVIOUS,
    /** The FAILED answer's id when it is a failed-create marker, else the previous one. */
    TAKE_MARKER
  }

  /**
   * The stack's forward plan: a Create, some Updates and the stack's Delete, plus the groups of
   * another stack seeded before it all.
   *
   * @param create the Create's declaration
   * @param updates the Updates, in order
   * @param deleteOutOfBandBeforeStackDelete whether the group is deleted out of band before the
   *     stack's Delete
   * @param failedUpdateId how CloudFormation picks the id after a failed Update, for this sequence
   * @param unrelatedOtherGroup whether another stack also has a group unlike ours
   */
  record Plan(
      Declared create,
      List<Step> updates,
      boolean deleteOutOfBandBeforeStackDelete,
      FailedUpdateId failedUpdateId,
      boolean unrelatedOtherGroup) {

    static Plan draw(Random random) {
      Declared create = declared(random);
      List<Step> updates = new ArrayList<>();
      int count = 1 + random.nextInt(3);
      for (int i = 0; i < count; i++) {
        updates.add(new Step(changed(random, create, updates), random.nextInt(6) == 0));
      }
      return new Plan(
          create,
          updates,
          random.nextInt(8) == 0,
          random.nextBoolean() ? FailedUpdateId.KEEP_PREVIOUS : FailedUpdateId.TAKE_MARKER,
          random.nextBoolean());
    }

    private static Declared changed(Random random, Declared create, List<Step> before) {
      Declared last = before.isEmpty() ? create : before.get(before.size() - 1).declared();
      Declared next = declared(random);
      // Change one, two or all three of name, items and numbers.
      return switch (random.nextInt(4)) {
        case 0 -> new Declared(next.name(), last.items(), last.numbers());
        case 1 -> new Declared(last.name(), next.items(), last.numbers());
        case 2 -> new Declared(last.name(), last.items(), next.numbers());
        default -> next;
      };
    }
  }

  static Declared declared(Random random) {
    List<String> connectors = new ArrayList<>(VOICE_CONNECTORS);
    java.util.Collections.shuffle(connectors, random);
    int itemCount = 1 + random.nextInt(3);
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < itemCount; i++) {
      items.add(new Item(connectors.get(i), 1 + random.nextInt(99)));
    }
    List<String> numbers = null;
    if (random.nextInt(3) != 0) {
      numbers = new ArrayList<>();
      for (String number : OUR_NUMBERS) {
        if (random.nextBoolean()) {
          numbers.add(number);
        }
      }
    }
    return new Declared(NAMES.get(random.nextInt(NAMES.size())), List.copyOf(items), numbers);
  }

  /** A fault of the Chime SDK Voice stand-in, in force for one request. */
  sealed interface Fault {

    void inject(ChimeSdkVoiceStandIn service);

    /** The operation it hits, or {@code null} for a lag. */
    default Operation operation() {
      return null;
    }

    /** 429 ThrottledClientException, retried by the SDK. */
    record Throttle(Operation operation, int times) implements Fault {
      @Override
      public void inject(ChimeSdkVoiceStandIn service) {
        service.throttle(operation, times);
      }
    }

    /** A 500 or 503 before the call takes effect. */
    record ServerErrorBeforeEffect(Operation operation, int status, int times) implements Fault {
      @Override
      public void inject(ChimeSdkVoiceStandIn service) {
        service.failNext(operation, times, status, exceptionOf(status), "injected before effect");
      }
    }

    /** A 500 or 503 after the call took effect. */
    record ServerErrorAfterEffect(Operation operation, int status) implements Fault {
      @Override
      public void inject(ChimeSdkVoiceStandIn service) {
        service.failAfterServingNext(
            operation, 1, status, exceptionOf(status), "injected after effect");
      }
    }

    /** 409 ConflictException, before effect. */
    record Conflict(Operation operation, int times) implements Fault {
      @Override
      public void inject(ChimeSdkVoiceStandIn service) {
        service.failNext(operation, times, 409, "ConflictException", "injected conflict");
      }
    }

    /** AccessDenied for a few calls, as while IAM propagates a new role. */
    record AccessDenied(Operation operation, int times) implements Fault {
      @Override
      public void inject(ChimeSdkVoiceStandIn service) {
        service.denyAccess(operation, times);
      }
    }

    /** The call takes effect and its answer is lost with the connection. */
    record LostServiceAnswer(Operation operation) implements Fault {
      @Override
      public void inject(ChimeSdkVoiceStandIn service) {
        service.dropAnswerOfNext(operation, 1);
      }
    }

    /**
     * The create takes effect but its answer is lost, and ListVoiceConnectorGroups is refused for
     * the rest of the request: the handler cannot tell what it made, and answers with a marker.
     */
    record CreateInDoubt() implements Fault {
      @Override
      public Operation operation() {
        return Operation.CREATE_VOICE_CONNECTOR_GROUP;
      }

      @Override
      public void inject(ChimeSdkVoiceStandIn service) {
        service.dropAnswerOfNext(Operation.CREATE_VOICE_CONNECTOR_GROUP, 1);
        service.failAlways(
            Operation.LIST_VOICE_CONNECTOR_GROUPS, 403, "AccessDeniedException", "injected");
      }
    }

    /** Get (and the calls naming a group) do not know a group made during the request yet. */
    record GetLag(Duration lag) implements Fault {
      @Override
      public void inject(ChimeSdkVoiceStandIn service) {
        service.setGetLag(lag);
      }
    }

    /** ListVoiceConnectorGroups lags behind creates and deletes made during the request. */
    record ListLag(Duration lag) implements Fault {
      @Override
      public void inject(ChimeSdkVoiceStandIn service) {
        service.setListLag(lag);
      }
    }

    /** ListPhoneNumbers answers with the associations as they were this long ago. */
    record PhoneNumberListLag(Duration lag) implements Fault {
      @Override
      public void inject(ChimeSdkVoiceStandIn service) {
        service.setPhoneNumberListLag(lag);
      }
    }

    private static String exceptionOf(int status) {
      return status == 503 ? "ServiceUnavailableException" : "ServiceFailureException";
    }
  }

  /** What happens to the response PUT of the first delivery. */
  sealed interface AnswerFault {

    void inject(ResponseUrlRecorder recorder);

    /** Whether CloudFormation never gets the answer (the sender does not retry it). */
    boolean losesTheAnswer();

    /** Connections closed unanswered; the sender retries and the answer arrives. */
    record Dropped(int times) implements AnswerFault {
      @Override
      public void inject(ResponseUrlRecorder recorder) {
        recorder.dropNext(times);
      }

      @Override
      public boolean losesTheAnswer() {
        return false;
      }
    }

    /** S3 answers 5xx; the sender retries and the answer arrives. */
    record ServerError(int status, int times) implements AnswerFault {
      @Override
      public void inject(ResponseUrlRecorder recorder) {
        recorder.failNext(times, status);
      }

      @Override
      public boolean losesTheAnswer() {
        return false;
      }
    }

    /** S3 refuses the PUT with 403 (an expired URL): not retried, the answer is lost. */
    record RefusedAsExpired() implements AnswerFault {
      @Override
      public void inject(ResponseUrlRecorder recorder) {
        recorder.refuseNextAsExpired(1);
      }

      @Override
      public boolean losesTheAnswer() {
        return true;
      }
    }
  }

  /**
   * The faults one request meets.
   *
   * @param service the stand-in's faults and lags, for the first delivery
   * @param answer what happens to the first delivery's response PUT, or {@code null}
   * @param duplicated whether Lambda delivers the same event a second time
   */
  record RequestFaults(List<Fault> service, AnswerFault answer, boolean duplicated) {

    static final RequestFaults NONE = new RequestFaults(List.of(), null, false);

    private static final Set<Operation> CREATE_OPS =
        EnumSet.of(
            Operation.CREATE_VOICE_CONNECTOR_GROUP,
            Operation.LIST_VOICE_CONNECTOR_GROUPS,
            Operation.ASSOCIATE_PHONE_NUMBERS_WITH_VOICE_CONNECTOR_GROUP,
            Operation.GET_VOICE_CONNECTOR_GROUP);
    private static final Set<Operation> UPDATE_OPS =
        EnumSet.of(
            Operation.GET_VOICE_CONNECTOR_GROUP,
            Operation.UPDATE_VOICE_CONNECTOR_GROUP,
            Operation.LIST_PHONE_NUMBERS,
            Operation.ASSOCIATE_PHONE_NUMBERS_WITH_VOICE_CONNECTOR_GROUP,
            Operation.DISASSOCIATE_PHONE_NUMBERS_FROM_VOICE_CONNECTOR_GROUP,
            Operation.CREATE_VOICE_CONNECTOR_GROUP);
    private static final Set<Operation> DELETE_OPS =
        EnumSet.of(
            Operation.GET_VOICE_CONNECTOR_GROUP,
            Operation.UPDATE_VOICE_CONNECTOR_GROUP,
            Operation.LIST_PHONE_NUMBERS,
            Operation.DISASSOCIATE_PHONE_NUMBERS_FROM_VOICE_CONNECTOR_GROUP,
            Operation.DELETE_VOICE_CONNECTOR_GROUP,
            Operation.LIST_VOICE_CONNECTOR_GROUPS);
    private static final Set<Operation> WITH_BODY =
        EnumSet.of(
            Operation.UPDATE_VOICE_CONNECTOR_GROUP,
            Operation.ASSOCIATE_PHONE_NUMBERS_WITH_VOICE_CONNECTOR_GROUP,
            Operation.DISASSOCIATE_PHONE_NUMBERS_FROM_VOICE_CONNECTOR_GROUP);

    /** Draws the faults of a request of that type. */
    static RequestFaults draw(Random random, String requestType) {
      List<Operation> operations =
          List.copyOf(
              switch (requestType) {
                case "Create" -> CREATE_OPS;
                case "Update" -> UPDATE_OPS;
                default -> DELETE_OPS;
              });
      List<Fault> faults = new ArrayList<>();
      int count = random.nextInt(20) < 7 ? 0 : random.nextInt(20) < 13 ? 1 : 2;
      boolean createFaulted = false;
      for (int i = 0; i < count; i++) {
        Operation operation = operations.get(random.nextInt(operations.size()));
        boolean create = operation == Operation.CREATE_VOICE_CONNECTOR_GROUP;
        if (create && createFaulted) {
          continue; // one fault per create: each in doubt costs a minute of the 180 s
        }
        createFaulted |= create;
        faults.add(fault(random, operation, create));
      }
      if (random.nextInt(10) < 3) {
        Duration lag = Duration.ofSeconds(5 + random.nextInt(51));
        faults.add(
            switch (random.nextInt(3)) {
              case 0 -> new Fault.GetLag(lag);
              case 1 -> new Fault.ListLag(lag);
              default -> new Fault.PhoneNumberListLag(lag);
            });
      }
      AnswerFault answer =
          switch (random.nextInt(10)) {
            case 0 -> new AnswerFault.Dropped(1 + random.nextInt(2));
            case 1 -> new AnswerFault.ServerError(random.nextBoolean() ? 500 : 503, 1);
            case 2 -> new AnswerFault.RefusedAsExpired();
            default -> null;
          };
      return new RequestFaults(List.copyOf(faults), answer, random.nextInt(7) == 0);
    }

    private static Fault fault(Random random, Operation operation, boolean create) {
      int status = random.nextBoolean() ? 500 : 503;
      int kinds = create ? 7 : WITH_BODY.contains(operation) ? 6 : 5;
      return switch (random.nextInt(kinds)) {
        case 0 -> new Fault.Throttle(operation, 1 + random.nextInt(2));
        case 1 ->
            new Fault.ServerErrorBeforeEffect(
                operation, status, create ? 1 : 1 + random.nextInt(2));
        case 2 -> new Fault.ServerErrorAfterEffect(operation, status);
        case 3 -> new Fault.Conflict(operation, create ? 1 : 1 + random.nextInt(2));
        case 4 -> new Fault.AccessDenied(operation, 1 + random.nextInt(3));
        case 5 -> new Fault.LostServiceAnswer(operation);
        default -> new Fault.CreateInDoubt();
      };
    }

    @Override
    public String toString() {
      List<String> parts = new ArrayList<>();
      service.forEach(fault -> parts.add(fault.toString()));
      if (answer != null) {
        parts.add("ResponsePut" + answer);
      }
      if (duplicated) {
        parts.add("DeliveredTwice");
      }
      return parts.isEmpty() ? "no faults" : String.join(", ", parts);
    }
  }
}
